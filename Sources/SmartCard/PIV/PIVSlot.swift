/// The PIV key references (SP 800-73-4 Part 1 §3.1 and Table 4b) and the Yubico attestation
/// slot F9.
enum PIVSlot {
    static let authentication: UInt8 = 0x9A
    static let management: UInt8 = 0x9B
    static let signature: UInt8 = 0x9C
    static let keyManagement: UInt8 = 0x9D
    static let cardAuthentication: UInt8 = 0x9E
    static let attestation: UInt8 = 0xF9
    static let retired: ClosedRange<UInt8> = 0x82...0x95

    /// The asymmetric key slots a client may generate into or import into.
    static let keySlots: [UInt8] =
        [authentication, signature, keyManagement, cardAuthentication] + Array(retired) + [attestation]

    /// The slot's PIN policy when a key is made with policy 00: the digital signature key needs
    /// the PIN before every signature, card authentication never (it works through a contactless
    /// door reader), the others once per session.
    static func defaultPinPolicy(_ slot: UInt8) -> PIVPinPolicy {
        switch slot {
        case signature: .always
        case cardAuthentication, attestation: .never
        default: .once
        }
    }
}
