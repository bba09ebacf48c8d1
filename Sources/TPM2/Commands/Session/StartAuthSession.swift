import TPMTypes
import TrustCrypto

/// TPM2_StartAuthSession (Part 3 §11.1): an HMAC, policy or trial session. The session key
/// is KDFa(authHash, bind.authValue || salt, "ATH", nonceTPM, nonceCaller) when either is
/// present (Part 1 §19.6.8); the salt is decrypted with tpmKey (RSA-OAEP with label
/// "SECRET", or ECDH + KDFe).
///
/// Response codes: TPM_RC_ATTRIBUTES (tpmKey is not a decryption key: handle 1), TPM_RC_HANDLE
/// (tpmKey has no private part: handle 1), TPM_RC_SIZE (nonceCaller shorter than 16 octets
/// or longer than the digest: parameter 1), TPM_RC_VALUE (salt without tpmKey, or a salt that
/// does not decrypt: parameter 2; unknown session type: parameter 3; a key size the cipher
/// does not take: parameter 4), TPM_RC_SYMMETRIC (a cipher not implemented: parameter 4),
/// TPM_RC_MODE (a block cipher not in CFB mode: parameter 4), TPM_RC_HASH (parameter 5),
/// TPM_RC_SESSION_MEMORY, TPM_RC_SESSION_HANDLES.
struct StartAuthSession: TPMCommand {
    static let code = TPMCommandCode.startAuthSession
    static let handles: [AuthRole] = [.none, .none]
    static let handleTypes = [HandleTypes.objectOrNull, HandleTypes.entity]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var tpmKey: TPMHandle
        var bind: TPMHandle
        var nonceCaller: [UInt8]
        var encryptedSalt: [UInt8]
        var type: SessionType
        var symmetric: TPMSymmetricDefinition
        var authHash: TPMAlgorithm
    }

    struct Output: TPMCommandOutput {
        var handle: TPMHandle
        var nonceTPM: [UInt8]
        var responseHandle: TPMHandle? { handle }
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(nonceTPM) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let nonce = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        let salt = try parameters.sizedParameter(2, max: TPMLimits.maxEncryptedSecret)
        let rawType: UInt8 = try parameters.integerParameter(3)
        guard let type = SessionType(rawValue: rawType) else { throw TPMError(.value, .parameter(3)) }
        let symmetric: TPMSymmetricDefinition = try parameters.parameter(4)
        let authHash: TPMAlgorithm = try parameters.parameter(5)
        return Input(tpmKey: handles[0], bind: handles[1], nonceCaller: nonce, encryptedSalt: salt, type: type,
                     symmetric: symmetric, authHash: authHash)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        guard let hash = tpm.admittedHash(input.authHash) else { throw TPMError(.hash, .parameter(5)) }
        guard input.nonceCaller.count >= 16, input.nonceCaller.count <= hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        try checkSymmetric(input.symmetric, tpm: tpm)

        var salt: [UInt8] = []
        if input.tpmKey == TPMRH.null {
            guard input.encryptedSalt.isEmpty else { throw TPMError(.value, .parameter(2)) }
        } else {
            let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.tpmKey) }
            salt = try SecretExchange.decryptSecret(input.encryptedSalt, key: key, label: "SECRET", culpritKey: .handle(1),
                                                    culpritSecret: .parameter(2))
        }

        let loaded = tpm.sessions.values.filter { !$0.isSaved }.count
        guard loaded < tpm.config.profile.loadedSessionSlots else { throw TPMError(.sessionMemory) }
        guard tpm.sessions.count < tpm.config.profile.activeSessions else { throw TPMError(.sessionHandles) }

        var bindAuth: [UInt8] = []
        var boundName: [UInt8]? = nil
        if input.bind != TPMRH.null {
            bindAuth = trimmedAuth(tpm.authValue(of: input.bind))
            if input.type == .hmac { boundName = try tpm.name(of: input.bind) }
        }
        let nonceTPM = tpm.random(hash.digestSize)
        let sessionKey: [UInt8] = (input.bind == TPMRH.null && input.tpmKey == TPMRH.null) ? [] :
            EngineCrypto.kdfa(hash, key: bindAuth + salt, label: "ATH", contextU: nonceTPM, contextV: input.nonceCaller, bits: hash.digestSize * 8)

        let handle = nextSessionHandle(type: input.type, tpm: tpm)
        let session = AuthSession(handle: handle, type: input.type, hashID: input.authHash, hash: hash, symmetric: input.symmetric,
                                  sessionKey: sessionKey, nonceTPM: nonceTPM, boundName: boundName,
                                  boundAuthDigest: boundName == nil ? nil : EngineCrypto.digest(hash, bindAuth),
                                  isDABound: tpm.isSubjectToLockout(input.bind), isLockoutBound: input.bind == TPMRH.lockout)
        session.startTime = tpm.time
        tpm.sessions[handle] = session
        return Output(handle: handle, nonceTPM: nonceTPM)
    }

    /// TPMT_SYM_DEF+: NULL, XOR with an implemented hash, or an implemented block cipher in CFB.
    private static func checkSymmetric(_ sym: TPMSymmetricDefinition, tpm: TPMEngineState) throws(TPMError) {
        switch sym.algorithm {
        case .null: return
        case .xor:
            guard sym.xorHash.hashAlgorithm != nil, tpm.config.supports(sym.xorHash) else { throw TPMError(.hash, .parameter(4)) }
        default:
            guard let cipher = sym.algorithm.symmetricAlgorithm, tpm.config.supports(sym.algorithm) else {
                throw TPMError(.symmetric, .parameter(4))
            }
            guard TPMSymmetricDefinition.keySizes(cipher).contains(sym.keyBits) else { throw TPMError(.value, .parameter(4)) }
            guard sym.mode == .cfb else { throw TPMError(.mode, .parameter(4)) }
        }
    }

    /// The lowest free session index; HMAC and policy sessions share one index space.
    private static func nextSessionHandle(type: SessionType, tpm: TPMEngineState) -> TPMHandle {
        let used = Set(tpm.sessions.keys.map { $0 & 0x00FF_FFFF })
        var index: UInt32 = 0
        while used.contains(index) { index += 1 }
        return (type == .hmac ? TPMRH.hmacSessionFirst : TPMRH.policySessionFirst) | index
    }
}
