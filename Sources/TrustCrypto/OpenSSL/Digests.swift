internal import COpenSSL

/// Owns one fetched `EVP_MD`. Fetching resolves a provider implementation by name, which is far
/// slower than hashing a TPM-sized buffer, so each digest is fetched once per process and kept.
/// An `EVP_MD` is immutable after fetching and OpenSSL documents it as safe to share between threads.
final class FetchedDigest: @unchecked Sendable {
    // Safe: immutable after init; the fetched EVP_MD is only read, by the contexts that hash with it.
    let pointer: OpaquePointer

    /// nil when this libcrypto lacks the digest (SM3 can be compiled out, a FIPS provider has none).
    init?(_ algorithm: HashAlgorithm) {
        guard let md = EVP_MD_fetch(nil, algorithm.openSSLName, nil) else {
            OpenSSLErrors.discard()
            return nil
        }
        pointer = md
    }

    deinit {
        EVP_MD_free(pointer)
    }
}

private enum DigestTable {
    static let table: [HashAlgorithm: FetchedDigest] = {
        var table: [HashAlgorithm: FetchedDigest] = [:]
        for algorithm in HashAlgorithm.allCases {
            if let digest = FetchedDigest(algorithm) { table[algorithm] = digest }
        }
        return table
    }()
}

extension HashAlgorithm {
    /// The cached `EVP_MD` for this algorithm, or `.unsupported` when this libcrypto lacks it.
    func evpMD() throws(CryptoError) -> OpaquePointer {
        guard let digest = DigestTable.table[self] else {
            throw .unsupported("this libcrypto provides no \(openSSLName) digest")
        }
        return digest.pointer
    }

    /// Whether this libcrypto provides the digest; every hashing API throws `.unsupported`
    /// for one it lacks.
    public var isAvailable: Bool { DigestTable.table[self] != nil }
}
