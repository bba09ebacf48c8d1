internal import COpenSSL

extension ECC.PublicKey {
    /// ECDSA verification (FIPS 186-4 §6.4.2; TPM_ALG_ECDSA). OpenSSL truncates `digest` to the
    /// bit length of n as FIPS 186 specifies, so any digest length works. r and s may omit leading
    /// zeros; each must lie in [1, n−1].
    /// - Parameters:
    ///   - r: the signature's r, big-endian.
    ///   - s: the signature's s, big-endian.
    ///   - digest: the digest that was signed, any length.
    /// - Returns: true when the signature verifies; false for r or s out of range or a bad signature.
    public func isValidECDSASignature(r: [UInt8], s: [UInt8], digest: [UInt8]) -> Bool {
        let size = curve.keySize
        guard let digestLength = Int32(exactly: digest.count),
            let r = ECDSASignature.integer(r, maxBytes: size), let s = ECDSASignature.integer(s, maxBytes: size),
            let signature = ECDSA_SIG_new()
        else { return false }
        defer { ECDSA_SIG_free(signature) }
        // ECDSA_SIG_set0 takes ownership of both numbers.
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return false
        }
        let result = digest.withUnsafeBufferPointer {
            ECDSA_do_verify($0.baseAddress, digestLength, signature, key.pointer)
        }
        if result != 1 { OpenSSLErrors.discard() }
        return result == 1
    }
}

extension ECC.PrivateKey {
    /// ECDSA signature (FIPS 186-4 §6.4.1) with a fresh random k; r and s padded to `keySize`.
    /// - Parameter digest: the digest to sign; OpenSSL truncates it to the bit length of n.
    /// - Returns: r and s, each padded to `curve.keySize`.
    public func signECDSA(digest: [UInt8]) throws(CryptoError) -> (r: [UInt8], s: [UInt8]) {
        guard let digestLength = Int32(exactly: digest.count) else {
            throw .wrongInputSize(expected: curve.keySize, got: digest.count)
        }
        let signature = digest.withUnsafeBufferPointer { ECDSA_do_sign($0.baseAddress, digestLength, key.pointer) }
        guard let signature else { throw .openSSLFailure("ECDSA_do_sign") }
        defer { ECDSA_SIG_free(signature) }
        guard let r = ECDSA_SIG_get0_r(signature), let s = ECDSA_SIG_get0_s(signature),
            let rCopy = BN_dup(r), let sCopy = BN_dup(s)
        else {
            throw .openSSLFailure("ECDSA_SIG_get0")
        }
        return (
            BigNumber(owning: rCopy).bytes(padded: curve.keySize), BigNumber(owning: sCopy).bytes(padded: curve.keySize)
        )
    }
}

private enum ECDSASignature {
    /// A fresh `BIGNUM` for a signature half, or nil when it cannot fit the curve.
    static func integer(_ bytes: [UInt8], maxBytes: Int) -> OpaquePointer? {
        let significant = Array(bytes.drop { $0 == 0 })
        guard significant.count <= maxBytes else { return nil }
        return significant.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
    }
}
