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
extension StartAuthSession: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard let hash = tpm.admittedHash(input.authHash) else { throw TPMError(.hash, parameter(\.authHash)) }
        guard input.nonceCaller.count >= 16, input.nonceCaller.count <= hash.digestSize else {
            throw TPMError(.size, parameter(\.nonceCaller))
        }
        try checkSymmetric(input.symmetric, tpm: tpm)

        var salt: [UInt8] = []
        if handles[0] == TPMRH.null {
            guard input.encryptedSalt.isEmpty else { throw TPMError(.value, parameter(\.encryptedSalt)) }
        } else {
            let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
            salt = try SecretExchange.decryptSecret(
                input.encryptedSalt, key: key, label: "SECRET", culpritKey: .handle(1),
                culpritSecret: parameter(\.encryptedSalt))
        }

        let loaded = tpm.sessions.values.filter { !$0.isSaved }.count
        guard loaded < tpm.config.profile.loadedSessionSlots else { throw TPMError(.sessionMemory) }
        guard tpm.sessions.count < tpm.config.profile.activeSessions else { throw TPMError(.sessionHandles) }

        var bindAuth: [UInt8] = []
        var boundName: [UInt8]? = nil
        if handles[1] != TPMRH.null {
            bindAuth = trimmedAuth(tpm.authValue(of: handles[1]))
            if input.sessionType == .hmac { boundName = try tpm.name(of: handles[1]) }
        }
        let nonceTPM = tpm.random(hash.digestSize)
        let sessionKey: [UInt8] =
            (handles[1] == TPMRH.null && handles[0] == TPMRH.null)
            ? []
            : EngineCrypto.kdfa(
                hash, key: bindAuth + salt, label: "ATH", contextU: nonceTPM, contextV: input.nonceCaller,
                bits: hash.digestSize * 8)

        let handle = nextSessionHandle(type: input.sessionType, tpm: tpm)
        let session = AuthSession(
            handle: handle, type: input.sessionType, hashID: input.authHash, hash: hash, symmetric: input.symmetric,
            sessionKey: sessionKey, nonceTPM: nonceTPM, boundName: boundName,
            boundAuthDigest: boundName == nil ? nil : EngineCrypto.digest(hash, bindAuth),
            isDABound: tpm.isSubjectToLockout(handles[1]), isLockoutBound: handles[1] == TPMRH.lockout)
        session.startTime = tpm.time
        tpm.sessions[handle] = session
        return Response(sessionHandle: handle, nonceTPM: nonceTPM)
    }

    /// TPMT_SYM_DEF+: NULL, XOR with an implemented hash, or an implemented block cipher in CFB.
    private static func checkSymmetric(_ sym: TPMSymmetricDefinition, tpm: TPMEngineState) throws(TPMError) {
        switch sym.algorithm {
        case .null: return
        case .xor:
            guard sym.xorHash.hashAlgorithm != nil, tpm.config.supports(sym.xorHash) else {
                throw TPMError(.hash, parameter(\.symmetric))
            }
        default:
            guard let cipher = sym.algorithm.symmetricAlgorithm, tpm.config.supports(sym.algorithm) else {
                throw TPMError(.symmetric, parameter(\.symmetric))
            }
            guard TPMSymmetricDefinition.keySizes(cipher).contains(sym.keyBits) else {
                throw TPMError(.value, parameter(\.symmetric))
            }
            guard sym.mode == .cfb else { throw TPMError(.mode, parameter(\.symmetric)) }
        }
    }

    /// The lowest free session index; HMAC and policy sessions share one index space.
    private static func nextSessionHandle(type: TPMSessionType, tpm: TPMEngineState) -> TPMHandle {
        let used = Set(tpm.sessions.keys.map { $0 & 0x00FF_FFFF })
        var index: UInt32 = 0
        while used.contains(index) { index += 1 }
        return (type == .hmac ? TPMRH.hmacSessionFirst : TPMRH.policySessionFirst) | index
    }
}
