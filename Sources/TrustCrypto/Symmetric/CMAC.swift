internal import COpenSSL

/// CMAC (NIST SP 800-38B, RFC 4493) over a TPM block cipher: TPM2_MAC and TPM2_MAC_Start with a
/// symmetric-cipher key (TPM_ALG_CMAC). The tag is one whole cipher block, never truncated, as the
/// TPM returns it. Owns one `EVP_MAC_CTX`; not thread-safe.
public final class CMACContext: MACContext {
    public let algorithm: SymmetricAlgorithm
    private let context: OpaquePointer

    /// Throws `.invalidKey` for a key length the cipher lacks and `.unsupported` when libcrypto
    /// has no CBC mode of it (CMAC is defined over the cipher; OpenSSL names it by its CBC mode).
    public init(_ alg: SymmetricAlgorithm, key: [UInt8]) throws(CryptoError) {
        guard alg.keySizes.contains(key.count) else {
            throw .invalidKey("\(alg) keys are \(alg.keySizes.map(String.init).joined(separator: ", ")) bytes; got \(key.count)")
        }
        let cipherKey = SymmetricCipher.fullKey(alg, key)
        let cipherName = try CipherTable.name(of: alg, keyBytes: cipherKey.count, mode: .cbc)
        guard let ctx = EVP_MAC_CTX_new(FetchedMAC.cmac.pointer) else { fatalError("EVP_MAC_CTX_new: out of memory") }
        context = ctx
        algorithm = alg
        let ok = cipherName.withCString { name in
            cipherKey.withUnsafeBufferPointer { keyBuffer in
                var params = [
                    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, UnsafeMutablePointer(mutating: name), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_MAC_init(ctx, keyBuffer.baseAddress, keyBuffer.count, &params)
            }
        }
        guard ok == 1 else { throw .openSSLFailure("EVP_MAC_init(CMAC)") }
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    public func update(_ data: [UInt8]) {
        let ok = data.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) }
        guard ok == 1 else { fatalError("\(CryptoError.openSSLFailure("EVP_MAC_update"))") }
    }

    /// The tag over everything given so far (one cipher block).
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.blockSize)
        var length = 0
        guard EVP_MAC_final(context, &out, &length, out.count) == 1, length == algorithm.blockSize else {
            fatalError("\(CryptoError.openSSLFailure("EVP_MAC_final"))")
        }
        return out
    }

    /// The tag of `data` in one call.
    public static func authenticationCode(_ alg: SymmetricAlgorithm, key: [UInt8], data: [UInt8]) throws(CryptoError) -> [UInt8] {
        let context = try CMACContext(alg, key: key)
        context.update(data)
        return context.finalize()
    }
}
