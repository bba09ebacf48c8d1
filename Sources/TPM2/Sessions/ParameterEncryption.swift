import TPMTypes
import TrustCrypto

/// Session-based encryption of the first parameter (Part 1 §21): a block cipher in CFB keyed by KDFa
/// "CFB", or XOR obfuscation keyed by KDFa "XOR". The key is sessionKey || authValue of the
/// entity the session authorizes (empty when it authorizes none), bound or not.
enum ParameterEncryption {
    /// Transforms `data` (the bytes of a TPM2B, without its size) in place of sending it.
    /// `nonceNewer` is the sender's nonce: the caller's for commands, the TPM's new one for responses.
    static func apply(
        _ data: [UInt8], encrypt: Bool, session: AuthSession, authValue: [UInt8],
        nonceNewer: [UInt8], nonceOlder: [UInt8]
    ) throws(TPMError) -> [UInt8] {
        let key = session.sessionKey + authValue
        switch session.symmetric.algorithm {
        case .xor:
            // The session's hash makes the mask, whatever hash TPMT_SYM_DEF names for XOR
            // (the reference's CryptParameterEncryption passes authHashAlg).
            let mask = EngineCrypto.kdfa(
                session.hash, key: key, label: "XOR", contextU: nonceNewer, contextV: nonceOlder, bits: data.count * 8)
            return zip(data, mask).map { $0 ^ $1 }
        default:
            guard let cipher = session.symmetric.algorithm.symmetricAlgorithm else { throw TPMError(.symmetric) }
            guard session.symmetric.mode == .cfb else { throw TPMError(.mode) }
            let keyBytes = Int(session.symmetric.keyBits) / 8
            let blockBytes = cipher.blockSize
            let material = EngineCrypto.kdfa(
                session.hash, key: key, label: "CFB", contextU: nonceNewer, contextV: nonceOlder,
                bits: (keyBytes + blockBytes) * 8)
            let symKey = Array(material.prefix(keyBytes))
            let iv = Array(material.suffix(blockBytes))
            do {
                return encrypt
                    ? try SymmetricCipher.encrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: data).output
                    : try SymmetricCipher.decrypt(cipher, mode: .cfb, key: symKey, iv: iv, data: data).output
            } catch {
                throw TPMError(.symmetric)
            }
        }
    }
}
