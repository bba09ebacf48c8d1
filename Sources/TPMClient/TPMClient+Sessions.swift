import TPMTypes
import TrustCrypto

/// Sessions as a TSS drives them: StartAuthSession with a salt and a binding, then in each
/// command the HMAC over cpHash, the first parameter encrypted, and in the response the HMAC
/// checked and the first parameter decrypted.
extension TPMClient {
    /// Starts a session and returns the caller's half of it.
    /// - Parameters:
    ///   - type: HMAC, policy or trial.
    ///   - authHash: the session's hash.
    ///   - symmetric: the parameter encryption the session offers (TPM_ALG_NULL for none).
    ///   - bind: the entity the session is bound to (TPM_RH_NULL for none); its authValue
    ///     `bindAuth` joins the session key.
    ///   - saltKey: a loaded decrypt key to salt the session with (TPM_RH_NULL for none): a
    ///     fresh salt travels to it as RSA-OAEP or ECDH secret sharing ("SECRET") and joins
    ///     the session key.
    /// - Returns: the session, its first nonces exchanged.
    public func startSession(
        _ type: TPMSessionType = .hmac, authHash: TPMAlgorithm = .sha256,
        symmetric: TPMSymmetricDefinition = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb),
        bind: TPMHandle = TPMRH.null, bindAuth: [UInt8] = [], saltKey: TPMHandle = TPMRH.null
    ) throws(TPMCommandFailure) -> TPMSession {
        guard let hash = authHash.hashAlgorithm else {
            throw .clientFailure(StartAuthSession.code, "\(authHash) is not a hash this client implements")
        }
        var salt: [UInt8] = []
        var encryptedSalt: [UInt8] = []
        if saltKey != TPMRH.null {
            let key = try call(ReadPublic.self, handles: [saltKey]).outPublic
            do throws(TPMSecretSharing.Failure) {
                (salt, encryptedSalt) = try TPMSecretSharing.seal(to: key, label: "SECRET", random: SecureBytes.random)
            } catch {
                throw .clientFailure(
                    StartAuthSession.code, "the salt cannot be sent to 0x\(String(saltKey, radix: 16)): \(error)")
            }
        }
        let bindName = bind == TPMRH.null ? nil : try name(of: bind)
        let nonceCaller = TPMSession.freshNonce(hash)
        let started = try call(
            StartAuthSession.self, handles: [saltKey, bind],
            .init(
                nonceCaller: nonceCaller, encryptedSalt: encryptedSalt, sessionType: type, symmetric: symmetric,
                authHash: authHash))
        let keyInput = TPMSession.trimmed(bindAuth) + salt
        var sessionKey: [UInt8] = []
        if bind != TPMRH.null || saltKey != TPMRH.null {
            do throws(CryptoError) {
                sessionKey = try KDF.kdfa(
                    hash, key: keyInput, label: "ATH", contextU: started.nonceTPM, contextV: nonceCaller,
                    bits: hash.digestSize * 8)
            } catch {
                throw .clientFailure(StartAuthSession.code, "the session key cannot be derived: \(error)")
            }
        }
        return TPMSession(
            handle: started.sessionHandle, type: type, authHash: authHash, hash: hash, symmetric: symmetric,
            sessionKey: sessionKey, nonceCaller: nonceCaller, nonceTPM: started.nonceTPM,
            binding: bindName.map { ($0, TPMSession.trimmed(bindAuth)) })
    }

    /// TPM2_PolicyAuthValue on `session`: its next authorization's HMAC includes the
    /// entity's authValue.
    /// - Parameter session: a policy or trial session.
    public func policyAuthValue(_ session: TPMSession) throws(TPMCommandFailure) {
        try call(PolicyAuthValue.self, handles: [session.handle])
        session.policyAuthorization = .authValue
    }

    /// TPM2_PolicyPassword on `session`: its next authorization carries the authValue in clear.
    /// - Parameter session: a policy or trial session.
    public func policyPassword(_ session: TPMSession) throws(TPMCommandFailure) {
        try call(PolicyPassword.self, handles: [session.handle])
        session.policyAuthorization = .password
    }

    /// TPM2_FlushContext of `session`, which the client then no longer uses.
    /// - Parameter session: a session this client started.
    public func flush(_ session: TPMSession) throws(TPMCommandFailure) {
        try call(FlushContext.self, .init(session.handle))
        session.flushed()
    }

    /// The Name of the entity at `handle` (Part 1, "Names"): the handle itself for a
    /// permanent entity, a PCR or a session; the TPM's answer to ReadPublic or NV_ReadPublic
    /// for an object or an NV index (whose Name changes when it is first written); the Empty
    /// Buffer for a hash or HMAC sequence, which ReadPublic refuses with TPM_RC_SEQUENCE.
    /// Each lookup is a command of its own: it ends an exclusive audit session's exclusivity.
    /// - Parameter handle: the entity's handle.
    /// - Returns: its Name.
    public func name(of handle: TPMHandle) throws(TPMCommandFailure) -> [UInt8] {
        switch handle.handleType {
        case .transient, .persistent:
            do {
                return try call(ReadPublic.self, handles: [handle]).name
            } catch .responseCode(_, TPMResponseCode.sequence) {
                return []
            }
        case .nvIndex: return try call(NV_ReadPublic.self, handles: [handle]).nvName
        default: return handle.bigEndianBytes
        }
    }
}

/// One command's use of the sessions the client keeps: what goes on the wire and what to
/// check in the response.
struct SessionExchange {
    struct Use {
        let position: Int
        let session: TPMSession
        let attributes: TPMSessionAttributes
        /// The key of the command HMAC and of the response HMAC.
        let commandKey: [UInt8]
        let responseKey: [UInt8]
        /// The authValue that joins the session key for parameter encryption: the command's
        /// and, after commands that change it, the response's.
        let commandCipherAuth: [UInt8]
        let responseCipherAuth: [UInt8]
        /// The session authorizes a handle (rather than only auditing or encrypting).
        let authorizes: Bool
    }

    let code: TPMCommandCode
    /// The parameters as sent: the first one encrypted if a session asked it.
    let parameters: [UInt8]
    /// The authorization area with each kept session's nonce and HMAC filled in.
    let authorizations: [TPMClient.Authorization]
    let uses: [Use]
    /// The session that encrypts the response's first parameter.
    let encryptingUse: Int?
    let encryptsResponse: Bool

    /// Prepares `authorizations` for `code`: `names` are the handles' Names (for cpHash);
    /// sessions authorize the command's authorized handles in order (Part 3's Auth Index).
    init(
        _ code: TPMCommandCode, handles: [TPMHandle], names: [[UInt8]], authorizations: [TPMClient.Authorization],
        parameters: [UInt8]
    ) throws(TPMCommandFailure) {
        guard let description = TPMCommands.byCode[code] else {
            throw .clientFailure(code, "the client has no description of the command to compute its sessions from")
        }
        guard handles.count == description.handles.count, names.count == handles.count else {
            throw .clientFailure(
                code,
                "it takes \(description.handles.count) handles; \(handles.count) handles and \(names.count) names given"
            )
        }
        let authorized = description.handles.indices.filter { description.handles[$0].role != .none }
        self.code = code
        encryptsResponse = description.attributes.contains(.encryptsFirstResponse)

        // The new nonces come first: the decrypt session's encrypts with its new nonceCaller.
        var uses: [Use] = []
        for (position, authorization) in authorizations.enumerated() {
            guard case .authSession(let session, let authValue, let sessionAttributes) = authorization else {
                continue
            }
            session.rollNonce()
            let handleIndex = position < authorized.count ? authorized[position] : nil
            let entity = handleIndex.map { names[$0] }
            let include = session.includesAuth(authorizing: entity, authValue: authValue)
            let after = handleIndex.map {
                Self.authValue(after: code, authorizing: handles[$0], at: $0, was: authValue, parameters: parameters)
            }
            uses.append(
                Use(
                    position: position, session: session, attributes: sessionAttributes,
                    commandKey: session.sessionKey + (include ? TPMSession.trimmed(authValue) : []),
                    responseKey: session.sessionKey + (include ? TPMSession.trimmed(after ?? []) : []),
                    commandCipherAuth: entity == nil ? [] : TPMSession.trimmed(authValue),
                    responseCipherAuth: TPMSession.trimmed(after ?? []), authorizes: entity != nil))
        }
        self.uses = uses
        encryptingUse = uses.firstIndex { $0.attributes.contains(.encrypt) }

        var sent = parameters
        if let decrypting = uses.first(where: { $0.attributes.contains(.decrypt) }),
            description.attributes.contains(.decryptsFirstParameter)
        {
            sent = try Self.transformFirstParameter(
                parameters, code: code, use: decrypting, cipherAuth: decrypting.commandCipherAuth,
                nonceNewer: decrypting.session.nonceCaller, nonceOlder: decrypting.session.nonceTPM, encrypt: true)
        }
        self.parameters = sent

        // The first session's HMAC covers the TPM nonces of separate decrypt and encrypt
        // sessions when it authorizes a handle (Part 1, "HMAC Computation").
        var extraNonces: [[UInt8]] = []
        if !authorized.isEmpty, !authorizations.isEmpty {
            let attributes = authorizations.map(\.attributes)
            let decrypt = attributes.firstIndex { $0.contains(.decrypt) }
            let encrypt = attributes.firstIndex { $0.contains(.encrypt) }
            for index in [decrypt, encrypt == decrypt ? nil : encrypt].compactMap({ $0 }) where index != 0 {
                guard let use = uses.first(where: { $0.position == index }) else {
                    throw .clientFailure(
                        code, "session \(index + 1) encrypts but is not one the client keeps, so its nonce is unknown")
                }
                extraNonces.append(use.session.nonceTPM)
            }
        }

        var area = authorizations
        for use in uses {
            let session = use.session
            if session.type != .hmac && session.policyAuthorization == .password && use.authorizes {
                guard case .authSession(_, let authValue, _) = authorizations[use.position] else { continue }
                area[use.position] = .session(
                    session.handle, nonce: session.nonceCaller, attributes: use.attributes.rawValue, hmac: authValue)
                continue
            }
            do throws(CryptoError) {
                let cpHash = try Hash.digest(session.hash, code.rawValue.bigEndianBytes + names.joined() + sent)
                let hmac = try session.commandHMAC(
                    key: use.commandKey, cpHash: cpHash, extraNonces: use.position == 0 ? extraNonces : [],
                    attributes: use.attributes)
                area[use.position] = .session(
                    session.handle, nonce: session.nonceCaller, attributes: use.attributes.rawValue, hmac: hmac)
            } catch {
                throw .clientFailure(
                    code, "the HMAC of session 0x\(String(session.handle, radix: 16)) failed: \(error)")
            }
        }
        self.authorizations = area
    }

    /// The authValue of the entity at handle `index` once `code` has run, which keys the
    /// response: the new one for the commands that set it (HierarchyChangeAuth, NV_ChangeAuth,
    /// PCR_SetAuthValue: their first parameter); the Empty Buffer for lockoutAuth after Clear
    /// and for the index NV_UndefineSpaceSpecial deletes (the reference then associates the
    /// session with TPM_RH_NULL); otherwise the one the command was authorized with.
    static func authValue(
        after code: TPMCommandCode, authorizing handle: TPMHandle, at index: Int, was authValue: [UInt8],
        parameters: [UInt8]
    ) -> [UInt8] {
        switch code {
        case .hierarchyChangeAuth, .nvChangeAuth, .pcrSetAuthValue:
            var reader = TPMReader(parameters)
            return (try? reader.readSized(max: TPMLimits.maxDigest)) ?? authValue
        case .clear where handle == TPMRH.lockout:
            return []
        case .nvUndefineSpaceSpecial where index == 0:
            return []
        default:
            return authValue
        }
    }

    /// Checks the response's session area against the kept sessions, updates them, and returns
    /// the response parameters with the first one decrypted if a session asked it.
    func accept(parameters: [UInt8], sessionArea: inout TPMReader) throws(TPMCommandFailure) -> [UInt8] {
        var answers: [(nonce: [UInt8], attributes: TPMSessionAttributes, hmac: [UInt8])] = []
        do throws(TPMError) {
            for _ in authorizations {
                let nonce = try sessionArea.readSized(max: TPMLimits.maxDigest)
                let attributes = TPMSessionAttributes(rawValue: try sessionArea.read())
                answers.append((nonce, attributes, try sessionArea.readSized(max: TPMLimits.maxDigest)))
            }
        } catch {
            throw .malformedResponse(code)
        }
        guard sessionArea.isAtEnd else { throw .malformedResponse(code) }
        // Every session takes its new nonce before any verdict: the TPM rolled them all.
        var firstForgery: Int?
        for use in uses {
            let answer = answers[use.position]
            var authentic = false
            do throws(CryptoError) {
                let rpHash = try Hash.digest(
                    use.session.hash, [0, 0, 0, 0] + code.rawValue.bigEndianBytes + parameters)
                authentic = try use.session.acceptResponse(
                    nonceTPM: answer.nonce, attributes: answer.attributes, hmac: answer.hmac, key: use.responseKey,
                    rpHash: rpHash)
            } catch {
                throw .clientFailure(
                    code, "the response HMAC of session \(use.position + 1) cannot be computed: \(error)")
            }
            use.session.commandSucceeded(attributes: use.attributes)
            if !authentic && firstForgery == nil { firstForgery = use.position + 1 }
        }
        if let firstForgery { throw .notAuthentic(code, session: firstForgery) }
        guard let index = encryptingUse, encryptsResponse, !parameters.isEmpty else { return parameters }
        let use = uses[index]
        return try Self.transformFirstParameter(
            parameters, code: code, use: use, cipherAuth: use.responseCipherAuth,
            nonceNewer: use.session.nonceTPM, nonceOlder: use.session.nonceCaller, encrypt: false)
    }

    /// `parameters` with the data of their first TPM2B encrypted or decrypted by `use`'s session.
    private static func transformFirstParameter(
        _ parameters: [UInt8], code: TPMCommandCode, use: Use, cipherAuth: [UInt8], nonceNewer: [UInt8],
        nonceOlder: [UInt8], encrypt: Bool
    ) throws(TPMCommandFailure) -> [UInt8] {
        var reader = TPMReader(parameters)
        let data: [UInt8]
        do throws(TPMError) {
            data = try reader.readBytes(Int(try reader.read(UInt16.self)))
        } catch {
            if encrypt { throw .clientFailure(code, "the first parameter is not a sized buffer to encrypt") }
            throw .malformedResponse(code)
        }
        do throws(CryptoError) {
            let transformed = try use.session.cipher(
                data, key: use.session.sessionKey + cipherAuth, nonceNewer: nonceNewer, nonceOlder: nonceOlder,
                encrypt: encrypt)
            return Array(parameters.prefix(2)) + transformed + reader.readRest()
        } catch {
            throw .clientFailure(code, "parameter \(encrypt ? "encryption" : "decryption") failed: \(error)")
        }
    }
}

extension TPMClient.Authorization {
    /// TPMA_SESSION of the entry.
    var attributes: TPMSessionAttributes {
        switch self {
        case .password: return [.continueSession]
        case .session(_, _, let attributes, _): return TPMSessionAttributes(rawValue: attributes)
        case .authSession(_, _, let attributes): return attributes
        }
    }

    var isKeptSession: Bool {
        if case .authSession = self { return true }
        return false
    }
}
