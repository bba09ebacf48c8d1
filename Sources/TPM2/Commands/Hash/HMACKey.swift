import TrustCrypto

/// The key checks TPM2_HMAC and TPM2_HMAC_Start share (Part 3 §15.5, §17.2): an unrestricted
/// keyed-hash signing key, and the hash it fixes or leaves to the caller.
enum HMACKey {
    /// TPMI_ALG_HASH+: an implemented hash or TPM_ALG_NULL (TPM_RC_HASH otherwise, no culprit).
    static func checkRequestedHash(_ alg: TPMAlgorithm, tpm: TPMEngineState) throws(TPMError) {
        guard alg == .null || (alg.hashAlgorithm != nil && tpm.config.supports(alg)) else { throw TPMError(.hash) }
    }

    /// The key's secret and the hash to use. TPM_RC_TYPE (not keyed-hash), TPM_RC_ATTRIBUTES
    /// (restricted), TPM_RC_KEY (not a signing key) blame handle 1; TPM_RC_VALUE (the key fixes
    /// another hash, or neither names one) blames `hashParameter`.
    static func resolve(_ key: TPMObject, requested: TPMAlgorithm, hashParameter: Int) throws(TPMError) -> (key: [UInt8], hash: TPMAlgorithm) {
        guard key.publicArea.type == .keyedHash else { throw TPMError(.type, .handle(1)) }
        guard !key.attributes.contains(.restricted) else { throw TPMError(.attributes, .handle(1)) }
        guard key.attributes.contains(.sign) else { throw TPMError(.key, .handle(1)) }
        let own = key.publicArea.parameters.scheme
        let hash: TPMAlgorithm
        if own.algorithm == .null {
            hash = requested
        } else {
            guard requested == .null || requested == own.hash else { throw TPMError(.value, .parameter(hashParameter)) }
            hash = own.hash
        }
        guard hash != .null else { throw TPMError(.value, .parameter(hashParameter)) }
        return (try key.requireSensitive().sensitive, hash)
    }
}
