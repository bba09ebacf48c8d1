import TPMTypes
import TrustCrypto

/// What TPM2_ECC_Encrypt and TPM2_ECC_Decrypt share (Part 3 §14.8–14.9; the reference's
/// CryptEccSelectScheme and CryptEccEncrypt): the KDF scheme is the key's own kdf or the caller's,
/// and when both name one they must agree in algorithm and hash. The only scheme is KDF2, so SM2
/// encryption is KDF2 with SM3-256 on an SM2 P-256 key; on other curves it is the same ECIES.
enum ECCEncryptionScheme {
    /// The key's curve and the hash of the chosen scheme. TPM_RC_KEY (not an ECC key: handle 1);
    /// TPM_RC_SCHEME (no scheme, schemes that differ, or not KDF2: parameter `schemeNumber`);
    /// TPM_RC_HASH (a hash the profile lacks: parameter `schemeNumber`).
    static func select(
        key: TPMObject, requested: TPMScheme, schemeNumber: Int,
        tpm: TPMEngineState
    ) throws(TPMError) -> HashAlgorithm {
        guard key.publicArea.type == .ecc, case .ecc(_, _, _, let keyKDF) = key.publicArea.parameters else {
            throw TPMError(.key, .handle(1))
        }
        let scheme = requested.algorithm == .null ? keyKDF : requested
        guard scheme.algorithm != .null, keyKDF.algorithm == .null || keyKDF == scheme else {
            throw TPMError(.scheme, .parameter(schemeNumber))
        }
        guard scheme.algorithm == .kdf2, tpm.config.supports(.kdf2) else {
            throw TPMError(.scheme, .parameter(schemeNumber))
        }
        guard let hash = tpm.admittedHash(scheme.hash) else {
            throw TPMError(.hash, .parameter(schemeNumber))
        }
        return hash
    }
}
