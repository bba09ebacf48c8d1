import TrustCrypto

/// TPM2_HMAC_Start (Part 3 §17.2): starts an HMAC sequence under a keyed-hash signing key. The
/// sequence takes a transient slot and is authorized by the auth given here, not the key's.
///
/// Response codes: TPM_RC_TYPE, TPM_RC_ATTRIBUTES, TPM_RC_KEY (the key is not an unrestricted
/// keyed-hash signing key: handle 1), TPM_RC_HASH (not an implemented hash: parameter 2),
/// TPM_RC_VALUE (hashAlg differs from the key's, or neither names one: parameter 2),
/// TPM_RC_SIZE (auth longer than a digest: parameter 1), TPM_RC_OBJECT_MEMORY.
struct HMAC_Start: TPMCommand {
    static let code = TPMCommandCode.hmacStart
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true

    struct Input {
        var key: TPMHandle
        var auth: [UInt8]
        var hashAlg: TPMAlgorithm
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0], auth: try parameters.sizedParameter(1, max: TPMLimits.maxDigest),
              hashAlg: try parameters.parameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> HashSequenceStart.Output {
        let (key, alg, hash) = try HMACKey.resolve(input.key, requested: input.hashAlg, hashParameter: 2, tpm: tpm)
        let sequence = HashSequence(kind: .hmac(HMACContext(hash, key: key), hash: alg), authValue: input.auth)
        return HashSequenceStart.Output(sequenceHandle: try tpm.addTransient(.sequence(sequence)))
    }
}
