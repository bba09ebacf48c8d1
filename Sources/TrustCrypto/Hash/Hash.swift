internal import COpenSSL

/// One-shot digests (TPM2_Hash, names, policy digests, ...).
public enum Hash {
    /// The digest of `data`; `.unsupported` when this libcrypto lacks `alg`.
    /// - Parameters:
    ///   - alg: the hash algorithm.
    ///   - data: the bytes to hash.
    /// - Returns: the digest, `alg.digestSize` bytes.
    public static func digest(_ alg: HashAlgorithm, _ data: [UInt8]) throws(CryptoError) -> [UInt8] {
        let md = try alg.evpMD()
        var out = [UInt8](repeating: 0, count: alg.digestSize)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, md, nil)
        }
        // Hashing cannot fail on any input; only an allocation failure inside OpenSSL can get here.
        guard ok == 1, Int(length) == alg.digestSize else { throw .openSSLFailure("EVP_Digest") }
        return out
    }

    /// The digest of the concatenation of `parts`, without building the concatenation;
    /// `.unsupported` when this libcrypto lacks `alg`.
    /// - Parameters:
    ///   - alg: the hash algorithm.
    ///   - parts: the pieces of the message, hashed in order.
    /// - Returns: the digest, `alg.digestSize` bytes.
    public static func digest(_ alg: HashAlgorithm, _ parts: [[UInt8]]) throws(CryptoError) -> [UInt8] {
        let context = try HashContext(alg)
        for part in parts { context.update(part) }
        return context.finalize()
    }
}
