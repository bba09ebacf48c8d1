internal import COpenSSL

/// Completes an RSA private key from its two primes and public exponent (RFC 8017 §3.2):
/// n = p·q, d = e⁻¹ mod λ(n) with λ(n) = lcm(p−1, q−1), and the CRT values dP, dQ, qInv.
/// Used by derivation and by loading a TPM key, whose sensitive area keeps only one prime.
enum RSAKeyBuilder {
    /// `p` and `q` in either order; the larger becomes `prime` and the first CRT factor.
    static func privateKey(p: BigNumber, q: BigNumber, exponent: UInt32, keyBits: Int) throws(CryptoError)
        -> RSA.PrivateKey
    {
        let (p, q) = q < p ? (p, q) : (q, p)
        let ctx = BigNumberContext()
        let n = try p.multiplied(by: q)
        // The TPM sizes keys in bytes: a 2047-bit modulus still fills a 2048-bit key's 256 bytes.
        guard n.byteCount * 8 == keyBits else {
            throw .invalidKey("primes multiply to a \(n.bitCount)-bit modulus, not a \(keyBits)-bit one")
        }
        guard p.byteCount <= keyBits / 16 else {
            throw .invalidKey("the primes are too unbalanced for a \(keyBits)-bit TPM key")
        }

        let one = BigNumber(word: 1)
        let pMinus1 = try p.subtracting(one)
        let qMinus1 = try q.subtracting(one)
        // The private values depend on secret primes; ask OpenSSL for its constant-time paths.
        for secret in [p, q, pMinus1, qMinus1] { BN_set_flags(secret.pointer, BN_FLG_CONSTTIME) }

        let lambda = try lcm(pMinus1, qMinus1, ctx)
        let e = BigNumber(word: UInt(exponent))
        guard let dPointer = BN_mod_inverse(nil, e.pointer, lambda.pointer, ctx.pointer) else {
            OpenSSLErrors.discard()
            throw .invalidKey("the public exponent \(exponent) shares a factor with λ(n)")
        }
        let d = BigNumber(owning: dPointer)
        let dP = try d.divided(by: pMinus1).remainder
        let dQ = try d.divided(by: qMinus1).remainder
        guard let qInvPointer = BN_mod_inverse(nil, q.pointer, p.pointer, ctx.pointer) else {
            OpenSSLErrors.discard()
            throw .invalidKey("the two primes are not coprime")
        }
        let qInv = BigNumber(owning: qInvPointer)

        let key = try OpenSSLKey.fromData(type: "RSA", selection: OpenSSLKey.keyPairSelection) {
            builder throws(CryptoError) in
            try builder.push("n", n)
            try builder.push("e", e)
            try builder.push("d", d)
            try builder.push("rsa-factor1", p)
            try builder.push("rsa-factor2", q)
            try builder.push("rsa-exponent1", dP)
            try builder.push("rsa-exponent2", dQ)
            try builder.push("rsa-coefficient1", qInv)
        }
        let publicKey = RSA.PublicKey(modulus: n.bytes(padded: keyBits / 8), exponent: exponent, key: key)
        return RSA.PrivateKey(key: key, publicKey: publicKey, prime: p.bytes(padded: keyBits / 16))
    }

    /// lcm(a, b) = a·b / gcd(a, b).
    private static func lcm(_ a: BigNumber, _ b: BigNumber, _ ctx: BigNumberContext) throws(CryptoError) -> BigNumber {
        let gcd = BigNumber()
        guard BN_gcd(gcd.pointer, a.pointer, b.pointer, ctx.pointer) == 1 else { throw .openSSLFailure("BN_gcd") }
        return try a.multiplied(by: b).divided(by: gcd).quotient
    }
}
