/// The algorithm (80) and Yubico policies (AA, AB) that GENERATE and IMPORT KEY carry.
enum PIVKeyAttributes {
    /// 6A80 when the algorithm is missing, symmetric, unknown or not offered by the card's
    /// profile, or a policy is out of range.
    static func parse(_ fields: [(tag: UInt16, value: [UInt8])], algorithm given: UInt8? = nil, _ card: CardOS)
        throws(StatusWord)
        -> (CardKey.Kind, PIVPinPolicy, PIVTouchPolicy)
    {
        let algorithm = given ?? BERTLV.value(0x80, in: fields).flatMap { $0.count == 1 ? $0[0] : nil }
        guard let algorithm, let kind = PIVAlgorithm.kinds[algorithm], kind.isAsymmetric, card.permits(kind) else {
            throw .incorrectData
        }
        return (kind, try policy(0xAA, fields) ?? .defaultPolicy, try policy(0xAB, fields) ?? .defaultPolicy)
    }

    private static func policy<Policy: RawRepresentable<UInt8>>(
        _ tag: UInt16, _ fields: [(tag: UInt16, value: [UInt8])]
    ) throws(StatusWord) -> Policy? {
        guard let value = BERTLV.value(tag, in: fields) else { return nil }
        guard value.count == 1, let policy = Policy(rawValue: value[0]) else { throw .incorrectData }
        return policy
    }
}
