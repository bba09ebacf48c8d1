internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX`. Not thread-safe: one context, one thread at a time.
final class CipherContext {
    let pointer: OpaquePointer

    init() {
        guard let ctx = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        pointer = ctx
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }

    /// Keys the context for one direction with padding off: TPM modes never pad.
    /// The caller has checked key and IV lengths against the cipher.
    func start(_ cipher: OpaquePointer, key: [UInt8], iv: [UInt8]?, encrypt: Bool) throws(CryptoError) {
        let ok = key.withUnsafeBufferPointer { keyBuffer in
            withOptionalBuffer(iv) { ivBuffer in
                EVP_CipherInit_ex2(pointer, cipher, keyBuffer.baseAddress, ivBuffer, encrypt ? 1 : 0, nil)
            }
        }
        guard ok == 1, EVP_CIPHER_CTX_set_padding(pointer, 0) == 1 else {
            throw .openSSLFailure("EVP_CipherInit_ex2")
        }
    }

    /// Runs `data` through the keyed context; output has the input's length (no padding).
    /// The caller keeps `data` under Int32.max bytes.
    func process(_ data: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: data.count + 16)
        var produced: Int32 = 0
        var finalProduced: Int32 = 0
        let ok = out.withUnsafeMutableBufferPointer { outBuffer in
            data.withUnsafeBufferPointer { inBuffer in
                guard let outBase = outBuffer.baseAddress,
                    EVP_CipherUpdate(pointer, outBase, &produced, inBuffer.baseAddress, Int32(inBuffer.count)) == 1
                else { return false }
                return EVP_CipherFinal_ex(pointer, outBase + Int(produced), &finalProduced) == 1
            }
        }
        guard ok, Int(produced + finalProduced) == data.count else { throw .openSSLFailure("EVP_CipherUpdate") }
        return Array(out.prefix(data.count))
    }

    /// The chaining value OpenSSL holds after `process` (last ciphertext block for CBC and CFB,
    /// last keystream block for OFB, next counter for CTR).
    func updatedIV(length: Int) throws(CryptoError) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: length)
        guard EVP_CIPHER_CTX_get_updated_iv(pointer, &iv, length) == 1 else {
            throw .openSSLFailure("EVP_CIPHER_CTX_get_updated_iv")
        }
        return iv
    }
}

/// Passes an optional byte array to C as a pointer or NULL.
func withOptionalBuffer<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<UInt8>?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress) }
}
