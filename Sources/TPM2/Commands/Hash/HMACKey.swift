import TrustCrypto

/// The key checks TPM2_HMAC and TPM2_HMAC_Start share (Part 3 §15.5, §17.2): an unrestricted
/// keyed-hash signing key, and the hash it fixes or leaves to the caller.
enum HMACKey {
    /// The key's secret and the hash to use for the key at handle 1 and the caller's hashAlg
    /// (parameter `hashParameter`). TPM_RC_HASH (hashAlg neither an implemented hash nor NULL)
    /// and TPM_RC_VALUE (the key fixes another hash, or neither names one) blame hashAlg;
    /// TPM_RC_TYPE (not keyed-hash), TPM_RC_ATTRIBUTES (restricted) and TPM_RC_KEY (not a
    /// signing key) blame handle 1.
    static func resolve(_ handle: TPMHandle, requested: TPMAlgorithm, hashParameter: Int,
                        tpm: TPMEngineState) throws(TPMError) -> (key: [UInt8], alg: TPMAlgorithm, hash: HashAlgorithm) {
        guard requested == .null || (requested.hashAlgorithm != nil && tpm.config.supports(requested)) else {
            throw TPMError(.hash, .parameter(hashParameter))
        }
        let key = try tpm.object(handle, sequenceCode: .type)
        guard key.publicArea.type == .keyedHash else { throw TPMError(.type, .handle(1)) }
        guard !key.attributes.contains(.restricted) else { throw TPMError(.attributes, .handle(1)) }
        guard key.attributes.contains(.sign) else { throw TPMError(.key, .handle(1)) }
        let own = key.publicArea.parameters.scheme
        let alg: TPMAlgorithm
        if own.algorithm == .null {
            alg = requested
        } else {
            guard requested == .null || requested == own.hash else { throw TPMError(.value, .parameter(hashParameter)) }
            alg = own.hash
        }
        guard let hash = alg.hashAlgorithm else { throw TPMError(.value, .parameter(hashParameter)) }
        return (try key.requireSensitive().sensitive, alg, hash)
    }
}
