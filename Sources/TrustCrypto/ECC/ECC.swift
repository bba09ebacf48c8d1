internal import COpenSSL

/// Elliptic-curve keys and point arithmetic for TPM 2.0: ECDSA, EC-Schnorr, ECDH (Part 1 Annex C),
/// and the k·P products TPM2_ECDH_KeyGen and TPM2_Commit need.
public enum ECC {
    /// k·P for TPM2_ECDH_KeyGen and commit math. P must be a valid point on `curve` (`.invalidKey`
    /// otherwise); k is any big-endian integer, taken mod n. A product at infinity (k ≡ 0 mod n)
    /// throws `.invalidInput`.
    /// - Parameters:
    ///   - curve: the curve of `point`.
    ///   - scalar: k, big-endian; reduced mod n.
    ///   - point: P, a valid point of `curve`.
    /// - Returns: k·P, with coordinates padded to `curve.keySize`.
    public static func multiply(curve: ECCCurve, scalar: [UInt8], point: ECCPoint) throws(CryptoError) -> ECCPoint {
        let group = try ECGroup.of(curve)
        let p = try group.point(point)
        let k = try reduced(scalar, modulo: group)
        return try group.affine(group.multiply(generatorBy: nil, point: p, by: k))
    }

    /// Whether `point` is a valid affine point of `curve`: coordinates below p, on the curve
    /// (which, with cofactor 1, puts it in the group of order n).
    /// - Parameters:
    ///   - curve: the curve to check against.
    ///   - point: the affine point; coordinates may omit leading zero bytes.
    /// - Returns: true for a valid point; false otherwise, and when this libcrypto lacks `curve`.
    public static func isOnCurve(curve: ECCCurve, point: ECCPoint) -> Bool {
        guard let group = try? ECGroup.of(curve) else { return false }
        return (try? group.point(point)) != nil
    }

    /// `bytes` as an integer mod p, padded to the curve's size: the x-coordinate TPM2_Commit makes
    /// from H(s2) (Part 3 §19.2). Inputs are bounded as in `reduced(_:modulo:)`.
    /// - Parameters:
    ///   - curve: the curve whose field prime p reduces `bytes`.
    ///   - bytes: a big-endian integer of at most 1024 bytes (`.wrongInputSize` beyond).
    /// - Returns: `bytes` mod p, padded to `curve.keySize`.
    public static func fieldElement(curve: ECCCurve, from bytes: [UInt8]) throws(CryptoError) -> [UInt8] {
        let group = try ECGroup.of(curve)
        guard bytes.count <= 1024 else { throw .wrongInputSize(expected: curve.keySize, got: bytes.count) }
        return try BigNumber(bytes: bytes).divided(by: group.field).remainder.bytes(padded: curve.keySize)
    }

    /// `bytes` as an integer mod n. Inputs are bounded first: a TPM scalar is at most a few hundred bytes.
    static func reduced(_ bytes: [UInt8], modulo group: ECGroup) throws(CryptoError) -> BigNumber {
        guard bytes.count <= 1024 else { throw .wrongInputSize(expected: group.curve.keySize, got: bytes.count) }
        let value = BigNumber(bytes: bytes)
        let result = BigNumber()
        let ctx = BigNumberContext()
        guard BN_nnmod(result.pointer, value.pointer, group.order.pointer, ctx.pointer) == 1 else {
            throw .openSSLFailure("BN_nnmod")
        }
        return result
    }
}
