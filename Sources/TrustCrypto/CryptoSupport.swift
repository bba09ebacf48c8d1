internal import COpenSSL

/// What this process's libcrypto provides, so that a device can check at start-up every
/// algorithm its profile lists and refuse to start with a sentence naming what is missing,
/// instead of failing on a client's first use (OpenSSL builds may leave out SM2, SM3 and
/// SM4; a FIPS provider has no Camellia, SM or BN curves).
public enum CryptoSupport {
    /// The libcrypto in use, as OpenSSL names itself ("OpenSSL 3.0.15 3 Sep 2024").
    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    public static func isAvailable(_ hash: HashAlgorithm) -> Bool { hash.isAvailable }

    public static func isAvailable(_ curve: ECCCurve) -> Bool { curve.isSupported }

    /// Whether `algorithm` in `mode` works at every key size it has (TDES-CTR, which OpenSSL
    /// lacks, is built over TDES-ECB).
    public static func isAvailable(_ algorithm: SymmetricAlgorithm, mode: SymmetricMode) -> Bool {
        let needed = algorithm == .tdes && mode == .ctr ? SymmetricMode.ecb : mode
        return algorithm.keySizes.allSatisfy { (try? CipherTable.cipher(algorithm, keyBytes: $0, mode: needed)) != nil }
    }

    /// HMAC over any available digest (EVP_MAC "HMAC").
    public static var hasHMAC: Bool { FetchedMAC.hmac.pointer != nil }
    /// CMAC over any available cipher (EVP_MAC "CMAC").
    public static var hasCMAC: Bool { FetchedMAC.cmac.pointer != nil }
}
