internal import COpenSSL

/// EC-Schnorr as TPM 2.0 defines it (Part 1 Annex C, ms-tpm-20-ref CryptEccSignature.c
/// BnSignEcSchnorr / BnValidateSignatureEcSchnorr, spec 1.38 and later):
///
/// - sign: k random in [1, n−1]; R = k·G; e = H(R.x ‖ digest), with R.x big-endian padded to the
///   byte length of n; r = e cut to its first ⌈bits(n)/8⌉ bytes (the reference's SchnorrReduce,
///   which only shortens); s = (k + r·d) mod n.
/// - verify: with 0 < r, s < n, E = s·G − r·Q; valid when r equals H(E.x ‖ digest) cut the same way.
///
/// The reference signer returns r unreduced and its verifier reduces r mod n before comparing with
/// the unreduced hash, so a signature whose cut hash is ≥ n can never verify there. Our signer
/// draws a new k in that case (probability ≈ 2⁻³² on P-256), so every signature it makes verifies
/// under both implementations.
enum ECSchnorr {
    /// H(x ‖ digest) cut to the first `bytes` bytes, as an integer.
    static func challenge(_ hash: HashAlgorithm, x: [UInt8], digest: [UInt8], bytes: Int) throws(CryptoError)
        -> BigNumber
    {
        BigNumber(bytes: Array(try Hash.digest(hash, [x, digest]).prefix(bytes)))
    }

    /// Retries are for the negligible events above; a loop that long means a broken RNG.
    static let maximumAttempts = 64
}

extension ECC.PrivateKey {
    /// EC-Schnorr signature of `digest` with `hash` (see `ECSchnorr`); r and s padded to `keySize`.
    /// - Parameters:
    ///   - digest: the digest to sign.
    ///   - hash: the hash algorithm for the challenge H(R.x ‖ digest).
    /// - Returns: r and s, each padded to `curve.keySize`.
    public func signSchnorr(digest: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> (r: [UInt8], s: [UInt8]) {
        let group = key.group
        let n = group.order
        let d = BigNumber(bytes: scalar)
        BN_set_flags(d.pointer, BN_FLG_CONSTTIME)
        for _ in 0..<ECSchnorr.maximumAttempts {
            let k = BigNumber()
            guard BN_priv_rand_range(k.pointer, n.pointer) == 1 else { throw .openSSLFailure("BN_priv_rand_range") }
            if k.isZero { continue }
            BN_set_flags(k.pointer, BN_FLG_CONSTTIME)
            let rPoint = try group.affine(group.multiply(generatorBy: k))
            let rX = Array(rPoint.x.suffix(group.orderBytes))
            let r = try ECSchnorr.challenge(hash, x: rX, digest: digest, bytes: group.orderBytes)
            guard !r.isZero, r < n else { continue }
            let s = try k.adding(r.multiplied(by: d, modulo: n), modulo: n)
            if s.isZero { continue }
            return (r.bytes(padded: curve.keySize), s.bytes(padded: curve.keySize))
        }
        throw .openSSLFailure("EC-Schnorr found no usable nonce in \(ECSchnorr.maximumAttempts) draws")
    }
}

extension ECC.PublicKey {
    /// EC-Schnorr verification (see `ECSchnorr`). r and s may omit leading zeros; false also when
    /// this libcrypto lacks `hash`.
    /// - Parameters:
    ///   - r: the signature's r, big-endian.
    ///   - s: the signature's s, big-endian.
    ///   - digest: the digest that was signed.
    ///   - hash: the hash algorithm for the challenge H(E.x ‖ digest).
    /// - Returns: true when the signature verifies; false for r or s outside [1, n−1] or a bad signature.
    public func isValidSchnorrSignature(r: [UInt8], s: [UInt8], digest: [UInt8], hash: HashAlgorithm) -> Bool {
        let group = key.group
        let n = group.order
        let rBytes = Array(r.drop { $0 == 0 })
        let sBytes = Array(s.drop { $0 == 0 })
        guard rBytes.count <= curve.keySize, sBytes.count <= curve.keySize else { return false }
        let r = BigNumber(bytes: rBytes)
        let s = BigNumber(bytes: sBytes)
        guard !r.isZero, r < n, !s.isZero, s < n else { return false }
        guard let minusR = try? n.subtracting(r),
            let e = try? group.affine(group.multiply(generatorBy: s, point: q, by: minusR))
        else {
            OpenSSLErrors.discard()
            return false
        }
        // A hash this libcrypto lacks verifies nothing, as with the other schemes.
        guard
            let expected = try? ECSchnorr.challenge(
                hash, x: Array(e.x.suffix(group.orderBytes)), digest: digest,
                bytes: group.orderBytes)
        else { return false }
        return expected == r
    }
}
