internal import COpenSSL

/// An incremental MAC, HMAC or CMAC: what a TPM MAC sequence keeps between commands.
public protocol MACContext: AnyObject {
    func update(_ data: [UInt8])
    /// The tag over everything given so far.
    func finalize() -> [UInt8]
    /// An independent context in the same state (a saved sequence context keeps one).
    func copy() -> Self
}

/// Owns one fetched MAC implementation (HMAC, CMAC); see `FetchedDigest` for why fetching happens once.
final class FetchedMAC: @unchecked Sendable {
    // Safe: immutable after init; the fetched EVP_MAC is only read, each MACBox working in its own EVP_MAC_CTX.
    static let hmac = FetchedMAC("HMAC")
    static let cmac = FetchedMAC("CMAC")
    let name: String
    /// nil when this libcrypto lacks the MAC; keying a MACBox then throws `.unsupported`.
    let pointer: OpaquePointer?

    private init(_ name: String) {
        self.name = name
        pointer = EVP_MAC_fetch(nil, name, nil)
        if pointer == nil { OpenSSLErrors.discard() }
    }

    deinit {
        if let pointer { EVP_MAC_free(pointer) }
    }
}

/// An incremental HMAC (TPM2_HMAC_Start sequences, session HMACs over long parameter areas).
/// Not thread-safe: one context, one thread at a time.
public final class HMACContext: MACContext {
    public let algorithm: HashAlgorithm
    private let box: MACBox

    /// HMAC-`alg` keyed with `key`; `.unsupported` when this libcrypto lacks the digest.
    /// - Parameters:
    ///   - alg: the hash algorithm HMAC is built on.
    ///   - key: the HMAC key, any length; empty is allowed (an empty authValue).
    public init(_ alg: HashAlgorithm, key: [UInt8]) throws(CryptoError) {
        algorithm = alg
        _ = try alg.evpMD()
        box = try MACBox(.hmac, parameter: OSSL_MAC_PARAM_DIGEST, algorithm: alg.openSSLName, key: key)
    }

    private init(copying other: HMACContext) {
        algorithm = other.algorithm
        box = MACBox(copying: other.box)
    }

    /// Adds `data` to the message being authenticated.
    /// - Parameter data: the next bytes of the message.
    public func update(_ data: [UInt8]) { box.update(data) }

    /// Returns the MAC of everything given so far and starts over empty under the same key.
    /// - Returns: the HMAC tag, `algorithm.digestSize` bytes.
    public func finalize() -> [UInt8] {
        let out = box.final(length: algorithm.digestSize)
        box.restart()
        return out
    }

    /// An independent context in the same state (KDFa keys one HMAC and copies it per block).
    /// - Returns: a new context with this one's key and input so far; updating either leaves the other alone.
    public func copy() -> HMACContext {
        HMACContext(copying: self)
    }
}
