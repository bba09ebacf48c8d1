internal import COpenSSL

/// CMAC (NIST SP 800-38B, RFC 4493) over a TPM block cipher: TPM2_MAC and TPM2_MAC_Start with a
/// symmetric-cipher key (TPM_ALG_CMAC). The tag is one whole cipher block, never truncated, as the
/// TPM returns it. Not thread-safe.
public final class CMACContext: MACContext {
    public let algorithm: SymmetricAlgorithm
    private let box: MACBox

    /// Throws `.invalidKey` for a key length the cipher lacks and `.unsupported` when libcrypto
    /// has no CBC mode of it (CMAC is defined over the cipher; OpenSSL names it by its CBC mode).
    /// - Parameters:
    ///   - alg: the block cipher CMAC is built on.
    ///   - key: the cipher key, one of the lengths `alg` accepts (16-byte TDES is two-key TDES).
    public init(_ alg: SymmetricAlgorithm, key: [UInt8]) throws(CryptoError) {
        guard alg.keySizes.contains(key.count) else {
            throw .invalidKey(
                "\(alg) keys are \(alg.keySizes.map(String.init).joined(separator: ", ")) bytes; got \(key.count)")
        }
        let cipherKey = SymmetricCipher.fullKey(alg, key)
        let cipherName = try CipherTable.name(of: alg, keyBytes: cipherKey.count, mode: .cbc)
        algorithm = alg
        box = try MACBox(.cmac, parameter: OSSL_MAC_PARAM_CIPHER, algorithm: cipherName, key: cipherKey)
    }

    private init(copying other: CMACContext) {
        algorithm = other.algorithm
        box = MACBox(copying: other.box)
    }

    /// Adds `data` to the message being authenticated.
    /// - Parameter data: the next bytes of the message.
    public func update(_ data: [UInt8]) { box.update(data) }

    /// An independent context in the same state (a saved sequence context keeps one).
    /// - Returns: a new context with this one's key and input so far; updating either leaves the other alone.
    public func copy() -> CMACContext { CMACContext(copying: self) }

    /// The tag over everything given so far (one cipher block); the sequence then ends.
    /// - Returns: the tag, `algorithm.blockSize` bytes.
    public func finalize() -> [UInt8] { box.final(length: algorithm.blockSize) }

    /// The tag of `data` in one call.
    /// - Parameters:
    ///   - alg: the block cipher CMAC is built on.
    ///   - key: the cipher key, one of the lengths `alg` accepts.
    ///   - data: the message to authenticate.
    /// - Returns: the tag, `alg.blockSize` bytes.
    public static func authenticationCode(_ alg: SymmetricAlgorithm, key: [UInt8], data: [UInt8]) throws(CryptoError)
        -> [UInt8]
    {
        let context = try CMACContext(alg, key: key)
        context.update(data)
        return context.finalize()
    }
}
