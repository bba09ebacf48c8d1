/// GET RESPONSE (ISO/IEC 7816-4 §11.7.1, INS C0): the next part of a response that did not
/// fit in the previous command's Ne.
enum GetResponseCommand {
    static let instruction: UInt8 = 0xC0

    /// 6B00 for P1-P2 other than 0000, 6700 for a data field, 6985 when nothing waits, 6Cxx
    /// when a specific Le asks for more than waits (xx: what does), 61xx while more remains.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        try apdu.requireNoParameters()
        try apdu.requireNoData()
        let pending = card.channel.pendingResponse
        guard !pending.isEmpty else { throw .conditionsOfUseNotSatisfied }
        if let ne = apdu.ne, !apdu.asksForAll, ne > pending.count { throw .exactLength(pending.count) }
        card.channel.pendingResponse = []
        return card.deliver(CardResponse(data: pending), ne: apdu.ne ?? 0)
    }
}
