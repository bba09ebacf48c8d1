/// The CLA byte of an interindustry command (ISO/IEC 7816-4 §5.4.1, Tables 2 and 3).
struct ClassByte: Equatable {
    /// Logical channel 0–3 (first interindustry values) or 4–19 (further values).
    var channel: Int
    /// b5: this command is not the last of a chain.
    var isChained: Bool
    /// Secure messaging indicated; this card OS answers 6882 to it.
    var hasSecureMessaging: Bool

    /// Decodes `cla`; 6E00 for FF (invalid), proprietary classes (b8 set) and the RFU 001x xxxx range.
    init(_ cla: UInt8) throws(StatusWord) {
        switch cla {
        case 0x00...0x1F:
            channel = Int(cla & 0x03)
            isChained = cla & 0x10 != 0
            hasSecureMessaging = cla & 0x0C != 0
        case 0x40...0x7F:
            channel = 4 + Int(cla & 0x0F)
            isChained = cla & 0x10 != 0
            hasSecureMessaging = cla & 0x20 != 0
        default:
            throw .classNotSupported
        }
    }
}
