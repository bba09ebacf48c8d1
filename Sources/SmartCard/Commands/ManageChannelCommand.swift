/// MANAGE CHANNEL (ISO/IEC 7816-4 §11.1.2, INS 70): opens (P1 00) or closes (P1 80) a
/// logical channel. A channel opened from the basic channel starts at the MF; one opened
/// from another channel starts with that channel's current DF, EF and application (§5.4.1).
enum ManageChannelCommand {
    /// 6881 when the profile has one channel; 6A86 for another P1, closing channel 0 or a
    /// channel number outside 1–19; 6A81 when every channel is in use (or the asked one is);
    /// 6700 for a data field or an open without Le = 01 when the card assigns the number.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard card.limits.logicalChannels > 1 else { throw .logicalChannelNotSupported }
        try apdu.requireNoData()
        switch apdu.p1 {
        case 0x00: return try open(apdu, card)
        case 0x80: return try close(apdu, card)
        default: throw .incorrectP1P2
        }
    }

    private static func open(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let usable = 1..<card.limits.logicalChannels
        var start = ChannelState()
        if card.channelNumber != 0 {
            let from = card.channel
            start.currentDF = from.currentDF
            start.currentEF = from.currentEF
            start.selectedByName = from.selectedByName
        }
        if apdu.p2 == 0 {
            guard apdu.ne == 1 else { throw .wrongLength }
            guard let free = usable.first(where: { card.session.channels[$0] == nil }) else {
                throw .functionNotSupported
            }
            card.session.channels[free] = start
            return CardResponse(data: [UInt8(free)])
        }
        let number = Int(apdu.p2)
        guard number <= 19 else { throw .incorrectP1P2 }
        guard usable.contains(number), card.session.channels[number] == nil else { throw .functionNotSupported }
        card.session.channels[number] = start
        return CardResponse()
    }

    private static func close(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let number = apdu.p2 == 0 ? card.channelNumber : Int(apdu.p2)
        guard number != 0, number <= 19 else { throw .incorrectP1P2 }
        guard card.session.channels[number] != nil else { throw .logicalChannelNotSupported }
        card.session.channels[number] = nil
        return CardResponse()
    }
}
