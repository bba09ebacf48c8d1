internal import COpenSSL

/// What this process's libcrypto provides, so that a device can check at start-up every
/// algorithm its profile lists and refuse to start with a sentence naming what is missing,
/// instead of failing on a client's first use (OpenSSL builds may leave out SM2, SM3 and
/// SM4; a FIPS provider has no Camellia, SM or BN curves).
public enum CryptoSupport {
    /// The libcrypto in use, as OpenSSL names itself ("OpenSSL 3.0.15 3 Sep 2024").
    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    /// Whether this libcrypto provides the digest `hash` (see `HashAlgorithm.isAvailable`).
    /// - Parameter hash: the TPM hash algorithm (TPM_ALG_SHA1 ... TPM_ALG_SM3_256) to look for.
    /// - Returns: true when it can be used; false when every hashing API throws `.unsupported` for it.
    public static func isAvailable(_ hash: HashAlgorithm) -> Bool { hash.isAvailable }

    /// Whether this libcrypto provides the curve `curve` (see `ECCCurve.isSupported`).
    /// - Parameter curve: the TPM curve (TPMI_ECC_CURVE) to look for.
    /// - Returns: true when it can be used; false when every ECC API throws `.unsupported` for it.
    public static func isAvailable(_ curve: ECCCurve) -> Bool { curve.isSupported }

    /// Whether `algorithm` in `mode` works at every key size it has (TDES-CTR, which OpenSSL
    /// lacks, is built over TDES-ECB).
    /// - Parameters:
    ///   - algorithm: the block cipher (TPM_ALG_AES, _SM4, _CAMELLIA or _TDES).
    ///   - mode: the chaining mode (TPMI_ALG_SYM_MODE).
    /// - Returns: true when libcrypto has that cipher for every key size of `algorithm`.
    public static func isAvailable(_ algorithm: SymmetricAlgorithm, mode: SymmetricMode) -> Bool {
        let needed = algorithm == .tdes && mode == .ctr ? SymmetricMode.ecb : mode
        return algorithm.keySizes.allSatisfy { (try? CipherTable.cipher(algorithm, keyBytes: $0, mode: needed)) != nil }
    }

    /// HMAC over any available digest (EVP_MAC "HMAC").
    public static var hasHMAC: Bool { FetchedMAC.hmac.pointer != nil }
    /// CMAC over any available cipher (EVP_MAC "CMAC").
    public static var hasCMAC: Bool { FetchedMAC.cmac.pointer != nil }
}
