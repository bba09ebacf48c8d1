internal import COpenSSL

/// An incremental digest (hash sequences, TPM2_HashSequenceStart; audit and cpHash chains).
/// Owns one `EVP_MD_CTX`. Not thread-safe: one context, one thread at a time.
public final class HashContext {
    public let algorithm: HashAlgorithm
    private let md: OpaquePointer
    private let context: OpaquePointer

    /// A context for `alg`; `.unsupported` when this libcrypto lacks it.
    /// - Parameter alg: the hash algorithm the context computes.
    public init(_ alg: HashAlgorithm) throws(CryptoError) {
        algorithm = alg
        md = try alg.evpMD()
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        context = ctx
        restart()
    }

    private init(copying other: HashContext) {
        algorithm = other.algorithm
        md = other.md
        guard let ctx = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        context = ctx
        guard EVP_MD_CTX_copy_ex(ctx, other.context) == 1 else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MD_CTX_copy_ex"))")
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `data` to the message being hashed.
    /// - Parameter data: the next bytes of the message.
    public func update(_ data: [UInt8]) {
        let ok = data.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        guard ok == 1 else { fatalError("\(CryptoError.openSSLFailure("EVP_DigestUpdate"))") }
    }

    /// Returns the digest of everything given so far and starts over empty, so the context can be reused.
    /// - Returns: the digest, `algorithm.digestSize` bytes.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.digestSize)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &out, &length) == 1, Int(length) == algorithm.digestSize else {
            fatalError("\(CryptoError.openSSLFailure("EVP_DigestFinal_ex"))")
        }
        restart()
        return out
    }

    /// An independent context in the same state (to read an intermediate digest and keep going).
    /// - Returns: a new context with this one's input so far; updating either leaves the other alone.
    public func copy() -> HashContext {
        HashContext(copying: self)
    }

    private func restart() {
        guard EVP_DigestInit_ex(context, md, nil) == 1 else {
            fatalError("\(CryptoError.openSSLFailure("EVP_DigestInit_ex"))")
        }
    }
}
