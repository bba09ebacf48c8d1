/// One-shot HMAC (RFC 2104) as TPM sessions, KDFa and TPM2_HMAC use it (Part 1 §11.4.3).
public enum HMAC {
    /// HMAC of `data` under `key`. Any key length is allowed; an empty key is a valid TPM authValue.
    /// - Parameters:
    ///   - alg: the hash algorithm HMAC is built on.
    ///   - key: the HMAC key, e.g. a session key ‖ authValue; may be empty.
    ///   - data: the message to authenticate.
    /// - Returns: the tag, `alg.digestSize` bytes.
    public static func authenticationCode(_ alg: HashAlgorithm, key: [UInt8], data: [UInt8]) throws(CryptoError)
        -> [UInt8]
    {
        let context = try HMACContext(alg, key: key)
        context.update(data)
        return context.finalize()
    }
}
