internal import COpenSSL

/// The TPM's half of an ECDAA signature (Part 1 Annex C, the signing phase after TPM2_Commit;
/// the reference implementation's BnSignEcdaa):
///
/// - the TPM draws nonce k uniform in [1, n−1] and writes it big-endian without leading zeros;
/// - T = H(k ‖ digest), taken mod n;
/// - s = (r + T·d) mod n, where r is the commit scalar TPM2_Commit used for E = [r]P1 (or K, L).
///
/// The signature is (k, s); a verifier checks [s]P1 = E + [T]([d]P1). A zero T or s draws a new
/// nonce, as the reference does (probability ≈ 2⁻²⁵⁶).
extension ECC.PrivateKey {
    /// ECDAA signature of `digest` with this key as d, completing a TPM2_Commit (see the description above).
    /// - Parameters:
    ///   - r: the commit scalar r that TPM2_Commit used, big-endian; taken mod n.
    ///   - digest: the digest to sign.
    ///   - hash: the hash algorithm for T = H(k ‖ digest).
    /// - Returns: the nonce k, big-endian without leading zeros, and s padded to the byte length of n.
    public func signECDAA(commitScalar r: [UInt8], digest: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> (
        nonce: [UInt8], s: [UInt8]
    ) {
        let group = key.group
        let n = group.order
        let d = BigNumber(bytes: scalar)
        let commit = try ECC.reduced(r, modulo: group)
        BN_set_flags(d.pointer, BN_FLG_CONSTTIME)
        for _ in 0..<ECSchnorr.maximumAttempts {
            let k = BigNumber()
            guard BN_priv_rand_range(k.pointer, n.pointer) == 1 else { throw .openSSLFailure("BN_priv_rand_range") }
            if k.isZero { continue }
            let nonce = k.minimalBytes
            let t = try ECC.reduced(Hash.digest(hash, [nonce, digest]), modulo: group)
            if t.isZero { continue }
            let s = try commit.adding(t.multiplied(by: d, modulo: n), modulo: n)
            if s.isZero { continue }
            return (nonce, s.bytes(padded: group.orderBytes))
        }
        throw .openSSLFailure("ECDAA found no usable nonce in \(ECSchnorr.maximumAttempts) draws")
    }
}

extension ECC {
    /// A + B, for verifiers of split signatures (ECDAA's E + [T]Q). Both must be valid points of
    /// `curve` (`.invalidKey` otherwise); a sum at infinity throws `.invalidInput`.
    /// - Parameters:
    ///   - curve: the curve of both points.
    ///   - a: the first point, A.
    ///   - b: the second point, B.
    /// - Returns: A + B, with coordinates padded to `curve.keySize`.
    public static func add(curve: ECCCurve, _ a: ECCPoint, _ b: ECCPoint) throws(CryptoError) -> ECCPoint {
        let group = try ECGroup.of(curve)
        let first = try group.point(a)
        let second = try group.point(b)
        let sum = ECPointBox(group)
        let ctx = BigNumberContext()
        guard EC_POINT_add(group.pointer, sum.pointer, first.pointer, second.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("EC_POINT_add")
        }
        return try group.affine(sum)
    }
}
