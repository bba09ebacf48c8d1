internal import COpenSSL

/// AES-256-GCM (SP 800-38D) for state encrypted at rest: a 96-bit nonce, a 128-bit tag over
/// the ciphertext and the associated data. Not a TPM algorithm; the TPM never sees it.
public enum AESGCM {
    public static let keySize = 32
    public static let nonceSize = 12
    public static let tagSize = 16

    /// Encrypts `plaintext` under `key` with a fresh random nonce; returns nonce, ciphertext, tag.
    /// - Parameters:
    ///   - plaintext: the bytes to encrypt.
    ///   - key: the AES-256 key, `keySize` (32) bytes (`.wrongInputSize` otherwise).
    ///   - associatedData: bytes the tag covers but the output does not carry; `open` must be given the same.
    /// - Returns: nonce (12 bytes) ‖ ciphertext (as long as `plaintext`) ‖ tag (16 bytes).
    public static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8]
    {
        let nonce = SecureBytes.random(nonceSize)
        let context = try keyed(key: key, nonce: nonce, encrypt: true)
        try authenticate(associatedData, context: context)
        let ciphertext = try context.process(plaintext)
        var tag = [UInt8](repeating: 0, count: tagSize)
        guard EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1 else {
            throw .openSSLFailure("EVP_CTRL_GCM_GET_TAG")
        }
        return nonce + ciphertext + tag
    }

    /// The plaintext of `sealed` (nonce, ciphertext, tag), or `.decryptionFailed` when the tag
    /// does not verify: a wrong key, or bytes changed or cut off.
    /// - Parameters:
    ///   - sealed: nonce ‖ ciphertext ‖ tag, as `seal` returns it.
    ///   - key: the AES-256 key it was sealed under, `keySize` (32) bytes.
    ///   - associatedData: the associated data given to `seal`.
    /// - Returns: the plaintext.
    public static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= nonceSize + tagSize else { throw .decryptionFailed }
        let nonce = Array(sealed.prefix(nonceSize))
        var tag = Array(sealed.suffix(tagSize))
        let ciphertext = Array(sealed[nonceSize..<(sealed.count - tagSize)])
        let context = try keyed(key: key, nonce: nonce, encrypt: false)
        try authenticate(associatedData, context: context)
        guard EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1 else {
            throw .openSSLFailure("EVP_CTRL_GCM_SET_TAG")
        }
        do {
            return try context.process(ciphertext)  // the final step checks the tag
        } catch {
            OpenSSLErrors.discard()
            throw .decryptionFailed
        }
    }

    private static func keyed(key: [UInt8], nonce: [UInt8], encrypt: Bool) throws(CryptoError) -> CipherContext {
        guard key.count == keySize else { throw .wrongInputSize(expected: keySize, got: key.count) }
        guard let cipher = EVP_aes_256_gcm() else { throw .unsupported("this libcrypto has no AES-256-GCM") }
        let context = CipherContext()
        try context.start(cipher, key: key, iv: nonce, encrypt: encrypt)
        return context
    }

    private static func authenticate(_ associatedData: [UInt8], context: CipherContext) throws(CryptoError) {
        guard !associatedData.isEmpty else { return }
        var produced: Int32 = 0
        let ok = associatedData.withUnsafeBufferPointer {
            EVP_CipherUpdate(context.pointer, nil, &produced, $0.baseAddress, Int32($0.count))
        }
        guard ok == 1 else { throw .openSSLFailure("EVP_CipherUpdate (associated data)") }
    }
}
