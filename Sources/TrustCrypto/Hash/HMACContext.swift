internal import COpenSSL

/// An incremental MAC, HMAC or CMAC: what a TPM MAC sequence keeps between commands.
public protocol MACContext: AnyObject {
    func update(_ data: [UInt8])
    /// The tag over everything given so far.
    func finalize() -> [UInt8]
}

/// Owns one fetched MAC implementation (HMAC, CMAC); see `FetchedDigest` for why fetching happens once.
final class FetchedMAC: @unchecked Sendable {
    static let hmac = FetchedMAC("HMAC")
    static let cmac = FetchedMAC("CMAC")
    let pointer: OpaquePointer

    private init(_ name: String) {
        guard let mac = EVP_MAC_fetch(nil, name, nil) else {
            fatalError("libcrypto provides no \(name): \(CryptoError.openSSLFailure("EVP_MAC_fetch"))")
        }
        pointer = mac
    }

    deinit {
        EVP_MAC_free(pointer)
    }
}

/// An incremental HMAC (TPM2_HMAC_Start sequences, session HMACs over long parameter areas).
/// Owns one `EVP_MAC_CTX`. Not thread-safe: one context, one thread at a time.
public final class HMACContext: MACContext {
    public let algorithm: HashAlgorithm
    private let context: OpaquePointer

    public init(_ alg: HashAlgorithm, key: [UInt8]) {
        algorithm = alg
        guard let ctx = EVP_MAC_CTX_new(FetchedMAC.hmac.pointer) else {
            fatalError("EVP_MAC_CTX_new: out of memory")
        }
        context = ctx
        // OpenSSL reads a NULL key as "reuse the previous key", and a fresh context has none. An
        // empty authValue is common in TPM sessions, so always pass a real address, even for 0 bytes.
        let keyBytes = key.isEmpty ? [0] : key
        let ok = alg.openSSLName.withCString { name in
            keyBytes.withUnsafeBufferPointer { keyBuffer in
                var params = [
                    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, UnsafeMutablePointer(mutating: name), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_MAC_init(ctx, keyBuffer.baseAddress, key.count, &params)
            }
        }
        guard ok == 1 else { fatalError("\(CryptoError.openSSLFailure("EVP_MAC_init"))") }
    }

    private init(copying other: HMACContext) {
        algorithm = other.algorithm
        guard let ctx = EVP_MAC_CTX_dup(other.context) else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_CTX_dup"))")
        }
        context = ctx
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    public func update(_ data: [UInt8]) {
        let ok = data.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) }
        guard ok == 1 else { fatalError("\(CryptoError.openSSLFailure("EVP_MAC_update"))") }
    }

    /// Returns the MAC of everything given so far and starts over empty under the same key.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.digestSize)
        var length = 0
        guard EVP_MAC_final(context, &out, &length, out.count) == 1, length == algorithm.digestSize else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_final"))")
        }
        // A NULL key here means "same key again", which is exactly the restart we want.
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_init"))")
        }
        return out
    }

    /// An independent context in the same state (KDFa keys one HMAC and copies it per block).
    public func copy() -> HMACContext {
        HMACContext(copying: self)
    }
}
