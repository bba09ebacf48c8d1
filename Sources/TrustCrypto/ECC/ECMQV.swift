internal import COpenSSL

extension ECC.PrivateKey {
    /// ECC MQV (SP 800-56A §5.7.2.3, the primitive of C(2e, 2s, ECC MQV)) as TPM2_ZGen_2Phase
    /// computes it for TPM_ALG_ECMQV (Part 1 Annex C): this key is the static key dsA and `ephemeral`
    /// the ephemeral scalar deA. With avf(Q) = (x_Q mod 2^f) + 2^f, f = ⌈⌈log2 n⌉ / 2⌉:
    /// tA = (deA + avf(QeA)·dsA) mod n and P = h·tA·(QeB + avf(QeB)·QsB); Z is P's x-coordinate.
    /// Returns P. Throws `.invalidKey` for a peer point that is not on the curve or a P at infinity.
    /// - Parameters:
    ///   - deA: this side's ephemeral private scalar deA, big-endian; taken mod n.
    ///   - peerStatic: the other party's static public point QsB (TPM2_ZGen_2Phase inQsB).
    ///   - peerEphemeral: the other party's ephemeral public point QeB (TPM2_ZGen_2Phase inQeB).
    /// - Returns: P, with coordinates padded to `curve.keySize`; Z is its x-coordinate.
    public func mqvSharedPoint(ephemeral deA: [UInt8], peerStatic: ECCPoint, peerEphemeral: ECCPoint)
        throws(CryptoError) -> ECCPoint
    {
        try twoPhaseProduct(
            ephemeral: deA, peerStatic: peerStatic, peerEphemeral: peerEphemeral, scheme: "MQV",
            scalar: { ds, de, qeA, group throws(CryptoError) in
                try de.adding(ECMQV.avf(qeA.x, group).multiplied(by: ds, modulo: group.order), modulo: group.order)
            },
            point: { qsB, qeB, group throws(CryptoError) in
                try group.add(group.multiply(generatorBy: nil, point: qsB, by: ECMQV.avf(peerEphemeral.x, group)), qeB)
            })
    }

    /// The frame MQV and SM2 key exchange share: the peer's points validated, dsA and deA used in
    /// constant time, QeA = deA·G; `scalar` makes t from (dsA, deA, QeA) and `point` makes S from
    /// (QsB, QeB); the result is [h·t mod n]S. `.invalidKey` when it is the point at infinity.
    func twoPhaseProduct(
        ephemeral deA: [UInt8], peerStatic: ECCPoint, peerEphemeral: ECCPoint, scheme: String,
        scalar: (BigNumber, BigNumber, ECCPoint, ECGroup) throws(CryptoError) -> BigNumber,
        point: (ECPointBox, ECPointBox, ECGroup) throws(CryptoError) -> ECPointBox
    ) throws(CryptoError) -> ECCPoint {
        let group = key.group
        let qsB = try group.point(peerStatic)
        let qeB = try group.point(peerEphemeral)
        let de = try ECC.reduced(deA, modulo: group)
        let ds = BigNumber(bytes: self.scalar)
        BN_set_flags(de.pointer, BN_FLG_CONSTTIME)
        BN_set_flags(ds.pointer, BN_FLG_CONSTTIME)
        let qeA = try group.affine(group.multiply(generatorBy: de))
        let t = try scalar(ds, de, qeA, group).multiplied(by: BigNumber(bytes: group.parameters.h), modulo: group.order)
        BN_set_flags(t.pointer, BN_FLG_CONSTTIME)
        let sum = try point(qsB, qeB, group)
        do {
            return try group.affine(group.multiply(generatorBy: nil, point: sum, by: t))
        } catch .invalidInput {
            throw .invalidKey("the \(scheme) product is the point at infinity")
        }
    }
}

/// The associate value function of SP 800-56A §5.7.2.2 for MQV.
enum ECMQV {
    static func avf(_ x: [UInt8], _ group: ECGroup) throws(CryptoError) -> BigNumber {
        try associateValue(x, bit: Int32((group.order.bitCount + 1) / 2))
    }

    /// 2^f + (x mod 2^f): MQV's avf with f = ⌈bits(n)/2⌉, SM2's x̄ with w = f − 1.
    static func associateValue(_ x: [UInt8], bit f: Int32) throws(CryptoError) -> BigNumber {
        let value = BigNumber(bytes: x)
        if value.bitCount > Int(f) {
            guard BN_mask_bits(value.pointer, f) == 1 else { throw .openSSLFailure("BN_mask_bits") }
        }
        guard BN_set_bit(value.pointer, f) == 1 else { throw .openSSLFailure("BN_set_bit") }
        return value
    }
}
