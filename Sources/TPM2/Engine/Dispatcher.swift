import TPMTypes
import TrustCrypto

/// One session of a command's authorization area, as received.
struct CommandSession {
    let handle: TPMHandle
    let nonceCaller: [UInt8]
    var attributes: TPMSessionAttributes
    let hmac: [UInt8]
    /// nil for the password session (TPM_RS_PW).
    let session: AuthSession?
    /// The handle this session authorizes, if any (sessions pair with auth handles in order).
    var associatedHandle: TPMHandle?
    /// Whether the authorized entity was the bind entity when the command arrived.
    var wasBound = false
    /// The entity's authValue when the command arrived, for a response whose command
    /// flushed the entity (SequenceComplete).
    var requestAuth: [UInt8] = []
}

/// Executes one command (Part 3 §5: the command-processing order of the reference
/// implementation): header, handles, authorization area, authorization checks, parameter
/// decryption, unmarshalling, execution, then the response with its sessions.
extension TPMEngineState {
    func dispatch(_ command: [UInt8]) -> [UInt8] {
        do {
            return try process(command)
        } catch {
            return TPMFrame.errorResponse(TPMResponseCode(rawValue: error.responseCode))
        }
    }

    private func process(_ command: [UInt8]) throws(TPMError) -> [UInt8] {
        // The header in Part 3 §5.2 order, each field checked as it is read: a header cut
        // short before commandSize (or before the code, when commandSize says so) is
        // TPM_RC_INSUFFICIENT, as in Part 4's ExecuteCommand.
        var reader = TPMReader(command)
        let tag: UInt16 = try reader.read()
        guard tag == TPMStructureTag.noSessions || tag == TPMStructureTag.sessions else { throw TPMError(.badTag) }
        let size: UInt32 = try reader.read()
        guard size == command.count, command.count <= config.profile.maxCommandSize else {
            throw TPMError(.commandSize)
        }
        let code = try TPMCommandCode(from: &reader)

        guard let entry = CommandTable.entries[code], config.commands.contains(code) else {
            throw TPMError(.commandCode)
        }
        // Mode checks follow header validation (Part 3 §5.3): only Startup before Startup, and only once.
        guard started != (code == .startup) else { throw TPMError(.initialize) }

        var handles: [TPMHandle] = []
        // Every handle is unmarshalled with its interface type before any is looked up, as
        // the reference's ParseHandleBuffer runs before EntityGetLoadStatus.
        for (index, slot) in entry.slots.enumerated() {
            let handle: TPMHandle
            do { handle = try reader.read() } catch { throw error.at(.handle(index + 1)) }
            guard slot.admits(handle), isDefinedValue(handle) else { throw TPMError(.value, .handle(index + 1)) }
            handles.append(handle)
        }
        for (index, handle) in handles.enumerated() {
            if let error = checkLoaded(handle, code: code) { throw Self.numbered(error, handle: index + 1) }
        }

        var sessions: [CommandSession] = []
        let parameters: [UInt8]
        if tag == TPMStructureTag.sessions {
            let authSize: UInt32 = try reader.read()
            guard authSize >= 9, authSize <= reader.remaining else { throw TPMError(.authSize) }
            guard entry.allowsSessions else { throw TPMError(.authContext) }
            var authArea = TPMReader(try reader.readBytes(Int(authSize)))
            sessions = try parseSessions(&authArea, entry: entry)
            parameters = reader.readRest()
        } else {
            parameters = reader.readRest()
        }

        // Pair sessions with the handles that need authorization (they come first).
        let authCount = entry.handles.filter { $0 != .none }.count
        guard sessions.count >= authCount else { throw TPMError(.authMissing) }
        for index in 0..<authCount { sessions[index].associatedHandle = handles[index] }

        // The Names the handles have as the command arrives: for cpHash, in authorization and audit.
        var names: [[UInt8]] = []
        if !sessions.isEmpty || isAudited(code) {
            for (index, handle) in handles.enumerated() {
                do { names.append(try name(of: handle)) } catch { throw error.at(.handle(index + 1)) }
            }
        }
        if !sessions.isEmpty {
            try authorize(&sessions, entry: entry, names: names, parameters: parameters)
        }

        if entry.writesNV && !nvAvailable { throw TPMError(.nvUnavailable) }

        var clearParameters = parameters
        if let index = sessions.firstIndex(where: { $0.attributes.contains(.decrypt) }),
            let session = sessions[index].session
        {
            clearParameters = try TPMError.attributing(.session(index + 1)) { () throws(TPMError) in
                try transformFirstParameter(
                    parameters, encrypt: false, session: session,
                    authValue: encryptionAuthValue(sessions[index]),
                    nonceNewer: sessions[index].nonceCaller, nonceOlder: session.nonceTPM)
            }
        }

        dissociatedHandles = []
        let result = try entry.run(handles, clearParameters, self)
        // An entity the command deleted no longer keys its sessions' responses: they answer
        // as sessions of TPM_RH_NULL, whose authValue is the Empty Buffer (the reference's
        // SessionRemoveAssociationToHandle, used by NV_UndefineSpaceSpecial).
        for index in sessions.indices where sessions[index].associatedHandle.map(dissociatedHandles.contains) ?? false {
            sessions[index].associatedHandle = TPMRH.null
        }
        let response = try buildResponse(
            entry: entry, result: result, sessions: sessions, tag: tag,
            names: names, parameters: parameters)
        // A fatal error on the way makes the command fail whole (TPMEngine.execute rolls it back).
        guard failure == nil, EngineCrypto.latch?.fault == nil else { throw TPMError(.failure) }
        return response
    }

    /// Format-one codes take the handle number; TPM_RC_REFERENCE_H0 counts up from handle 1
    /// (Part 2 §6.6.3, TPM_RC_REFERENCE_H0...H6).
    private static func numbered(_ error: TPMError, handle number: Int) -> TPMError {
        guard error.code == .referenceH0 else { return error.at(.handle(number)) }
        return TPMError(TPMResponseCode(rawValue: TPMResponseCode.referenceH0.rawValue + UInt32(number - 1)))
    }

    /// Part 3 §5.4: a handle must refer to something present before anything else happens.
    private func checkLoaded(_ handle: TPMHandle, code: TPMCommandCode) -> TPMError? {
        switch handle.handleType {
        case .transient:
            return transients[handle] == nil ? TPMError(.referenceH0) : nil
        case .persistent:
            // A persistent object of a disabled hierarchy cannot be loaded (Part 3 §5.4), except
            // by EvictControl, so that its owner can still remove it.
            guard let stored = permanent.persistentObjects[handle] else { return TPMError(.handle) }
            if code == .evictControl { return nil }
            let enabled =
                handle >= TPMRH.platformPersistent
                ? platformEnabled
                : permanent.ownerEnabled && (stored.hierarchy != TPMRH.endorsement || permanent.endorsementEnabled)
            return enabled ? nil : TPMError(.handle)
        case .nvIndex:
            // Indices of a disabled hierarchy are hidden (Part 3 §5.4 and §31.1: phEnableNV, shEnable).
            guard let index = permanent.nvIndices[handle] else { return TPMError(.handle) }
            let visible =
                index.publicArea.attributes.contains(.platformCreate)
                ? permanent.platformNVEnabled : permanent.ownerEnabled
            return visible ? nil : TPMError(.handle)
        case .pcr:
            return nil
        case .hmacSession, .policySession:
            guard let session = sessions[handle], !session.isSaved else { return TPMError(.referenceH0) }
            return nil
        case .permanent:
            switch handle {
            case TPMRH.owner, TPMRH.endorsement, TPMRH.platform:
                return isHierarchyEnabled(handle) ? nil : TPMError(.hierarchy)
            default:
                return nil
            }
        case nil:
            return TPMError(.value)
        }
    }

    /// The value checks the reference's handle unmarshalling makes whatever the interface
    /// type: a PCR this TPM has, a permanent handle it knows (Entity.c relies on both).
    private func isDefinedValue(_ handle: TPMHandle) -> Bool {
        switch handle.handleType {
        case .pcr: return Int(handle) < pcrs.count
        case .permanent: return Self.permanentHandles.contains(handle)
        case nil: return false
        default: return true
        }
    }

    private static let permanentHandles: Set<TPMHandle> = [
        TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null, TPMRH.lockout,
    ]

    /// The authorization area, session by session, with the checks the reference's
    /// RetrieveSessionData makes as it reads: what a password session may not carry, a
    /// session loaded and not named twice, one decrypt, one encrypt and one audit session,
    /// each allowed by the command and (for decrypt and encrypt) with a symmetric algorithm,
    /// and auditExclusive only for the session that is exclusive.
    private func parseSessions(_ area: inout TPMReader, entry: CommandEntry) throws(TPMError) -> [CommandSession] {
        var out: [CommandSession] = []
        var decryptSeen = false
        var encryptSeen = false
        var auditSeen = false
        while !area.isAtEnd {
            let number = out.count + 1
            // One more session than MAX_SESSION_NUM: TPM_RC_SIZE on that session (Part 4 SessionProcess.c).
            guard number <= TPMLimits.maxSessions else { throw TPMError(.size, .session(number)) }
            do throws(TPMError) {
                // TPMI_SH_AUTH_SESSION: TPM_RS_PW or an HMAC or policy session (TPM_RC_VALUE).
                let handle: TPMHandle = try area.read()
                guard
                    handle == TPMRH.password || handle.handleType == .hmacSession || handle.handleType == .policySession
                else {
                    throw TPMError(.value)
                }
                let nonce = try area.readSized(max: TPMLimits.maxDigest)
                let attributes = TPMSessionAttributes(rawValue: try area.read())
                guard attributes.isDisjoint(with: .reserved) else { throw TPMError(.reservedBits) }
                let hmac = try area.readSized(max: TPMLimits.maxDigest)
                guard handle != TPMRH.password else {
                    // A password session only authorizes: no encryption, audit or nonce.
                    guard attributes.isDisjoint(with: [.encrypt, .decrypt, .audit, .auditExclusive, .auditReset]) else {
                        throw TPMError(.attributes)
                    }
                    guard nonce.isEmpty else { throw TPMError(.nonce) }
                    out.append(
                        CommandSession(
                            handle: handle, nonceCaller: nonce, attributes: attributes, hmac: hmac, session: nil))
                    continue
                }
                // nonceCaller is a TPM2B_NONCE: only its maximum (any digest) is checked here,
                // as in the reference implementation; a policy session used for PolicyPassword
                // may send none (tpm2-tools does).
                guard let session = sessions[handle], !session.isSaved else { throw TPMError(.referenceS0) }
                guard !out.contains(where: { $0.handle == handle }) else { throw TPMError(.handle) }
                if attributes.contains(.decrypt) {
                    guard entry.firstParameterEncryptable, !decryptSeen else { throw TPMError(.attributes) }
                    guard session.symmetric.algorithm != .null else { throw TPMError(.symmetric) }
                    decryptSeen = true
                }
                if attributes.contains(.encrypt) {
                    guard entry.firstResponseEncryptable, !encryptSeen else { throw TPMError(.attributes) }
                    guard session.symmetric.algorithm != .null else { throw TPMError(.symmetric) }
                    encryptSeen = true
                }
                if attributes.contains(.audit) {
                    // One audit session per command, and never a policy session.
                    guard !auditSeen, session.handle.handleType != .policySession else { throw TPMError(.attributes) }
                    // auditExclusive asks that the session has audited every command since its
                    // digest began; a first audit use or an auditReset starts a new digest
                    // instead. Without audit, auditExclusive means nothing and is ignored.
                    if attributes.contains(.auditExclusive) && !attributes.contains(.auditReset) && session.isAudit
                        && exclusiveAuditSession != session.handle
                    {
                        throw TPMError(.exclusive)
                    }
                    auditSeen = true
                }
                out.append(
                    CommandSession(
                        handle: handle, nonceCaller: nonce, attributes: attributes, hmac: hmac, session: session))
            } catch {
                if error.code == .referenceS0 {
                    throw TPMError(TPMResponseCode(rawValue: TPMResponseCode.referenceS0.rawValue + UInt32(number - 1)))
                }
                // Format-zero codes (TPM_RC_EXCLUSIVE) name no session: `at` leaves them alone.
                throw error.at(.session(number))
            }
        }
        return out
    }

    /// The authValue that joins the session key for parameter encryption: that of the
    /// entity the session authorizes, if any, whether the session is bound or not and for a
    /// policy session as for an HMAC session (Part 1, session-based encryption; the
    /// reference's ParseSessionBuffer and BuildResponseSession take it whenever the session
    /// has an associated handle, asserted PolicyAuthValue or not).
    private func encryptionAuthValue(_ item: CommandSession) -> [UInt8] {
        guard let handle = item.associatedHandle else { return [] }
        return trimmedAuth(authValue(of: handle))
    }

    /// Rewrites the data of the first parameter (a TPM2B) and leaves the rest alone.
    private func transformFirstParameter(
        _ parameters: [UInt8], encrypt: Bool, session: AuthSession, authValue: [UInt8],
        nonceNewer: [UInt8], nonceOlder: [UInt8]
    ) throws(TPMError) -> [UInt8] {
        var reader = TPMReader(parameters)
        let size = Int(try reader.read(UInt16.self))
        guard size <= reader.remaining else { throw TPMError(.size) }
        let data = try reader.readBytes(size)
        let transformed = try ParameterEncryption.apply(
            data, encrypt: encrypt, session: session, authValue: authValue,
            nonceNewer: nonceNewer, nonceOlder: nonceOlder)
        return Array(parameters.prefix(2)) + transformed + reader.readRest()
    }
}
