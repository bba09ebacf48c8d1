internal import COpenSSL

/// Owns one fetched `EVP_MD`. Fetching resolves a provider implementation by name, which is far
/// slower than hashing a TPM-sized buffer, so each digest is fetched once per process and kept.
/// An `EVP_MD` is immutable after fetching and OpenSSL documents it as safe to share between threads.
final class FetchedDigest: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ algorithm: HashAlgorithm) {
        guard let md = EVP_MD_fetch(nil, algorithm.openSSLName, nil) else {
            // The digest set is fixed at build time; a libcrypto without it cannot run a TPM.
            fatalError("libcrypto provides no \(algorithm.openSSLName): \(CryptoError.openSSLFailure("EVP_MD_fetch"))")
        }
        pointer = md
    }

    deinit {
        EVP_MD_free(pointer)
    }
}

private enum DigestTable {
    static let sha1 = FetchedDigest(.sha1)
    static let sha256 = FetchedDigest(.sha256)
    static let sha384 = FetchedDigest(.sha384)
    static let sha512 = FetchedDigest(.sha512)
    static let sm3 = FetchedDigest(.sm3_256)
}

extension HashAlgorithm {
    /// The cached `EVP_MD` for this algorithm.
    var evpMD: OpaquePointer {
        switch self {
        case .sha1: DigestTable.sha1.pointer
        case .sha256: DigestTable.sha256.pointer
        case .sha384: DigestTable.sha384.pointer
        case .sha512: DigestTable.sha512.pointer
        case .sm3_256: DigestTable.sm3.pointer
        }
    }
}
