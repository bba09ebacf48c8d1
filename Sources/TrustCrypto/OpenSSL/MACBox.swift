internal import COpenSSL

/// Owns one keyed `EVP_MAC_CTX` (HMAC or CMAC): the calls both MACs make. Not thread-safe.
final class MACBox {
    private let context: OpaquePointer

    /// Keys a context of `mac` whose algorithm parameter `parameter` (OSSL_MAC_PARAM_DIGEST for
    /// HMAC, OSSL_MAC_PARAM_CIPHER for CMAC) names `algorithm`.
    init(_ mac: FetchedMAC, parameter: String, algorithm: String, key: [UInt8]) throws(CryptoError) {
        guard let implementation = mac.pointer else { throw .unsupported("this libcrypto provides no \(mac.name)") }
        guard let ctx = EVP_MAC_CTX_new(implementation) else { fatalError("EVP_MAC_CTX_new: out of memory") }
        context = ctx
        // OpenSSL reads a NULL key as "reuse the previous key", and a fresh context has none. An
        // empty authValue is common in TPM sessions, so always pass a real address, even for 0 bytes.
        let keyBytes = key.isEmpty ? [0] : key
        let ok = parameter.withCString { parameterName in
            algorithm.withCString { name in
                keyBytes.withUnsafeBufferPointer { keyBuffer in
                    var params = [
                        OSSL_PARAM_construct_utf8_string(parameterName, UnsafeMutablePointer(mutating: name), 0),
                        OSSL_PARAM_construct_end(),
                    ]
                    return EVP_MAC_init(ctx, keyBuffer.baseAddress, key.count, &params)
                }
            }
        }
        guard ok == 1 else { throw .openSSLFailure("EVP_MAC_init(\(algorithm))") }
    }

    init(copying other: MACBox) {
        guard let ctx = EVP_MAC_CTX_dup(other.context) else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_CTX_dup"))")
        }
        context = ctx
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    func update(_ data: [UInt8]) {
        let ok = data.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) }
        guard ok == 1 else { fatalError("\(CryptoError.openSSLFailure("EVP_MAC_update"))") }
    }

    /// The tag of everything given so far, `length` bytes; the context then needs `restart`.
    func final(length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var produced = 0
        guard EVP_MAC_final(context, &out, &produced, out.count) == 1, produced == length else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_final"))")
        }
        return out
    }

    /// Starts over empty under the same key (a NULL key to EVP_MAC_init means "same key again").
    func restart() {
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_init"))")
        }
    }
}
