/// The PIV key references (SP 800-73-4 Part 1 §3.1 and Table 4b) with the data object holding
/// each one's certificate, and the Yubico attestation slot F9.
enum PIVSlot {
    static let authentication: UInt8 = 0x9A
    static let management: UInt8 = 0x9B
    static let signature: UInt8 = 0x9C
    static let keyManagement: UInt8 = 0x9D
    static let cardAuthentication: UInt8 = 0x9E
    static let attestation: UInt8 = 0xF9
    static let retired: ClosedRange<UInt8> = 0x82...0x95

    /// The asymmetric key slots a client may generate into or import into.
    static let keySlots: [UInt8] = [authentication, signature, keyManagement, cardAuthentication] + Array(retired) + [attestation]

    /// The data object tag of the slot's X.509 certificate (SP 800-73-4 Part 1 Table 3; 5FC10D
    /// to 5FC120 for the retired keys in order; Yubico's 5FFF01 for the attestation key).
    static func certificateObject(_ slot: UInt8) -> UInt32? {
        switch slot {
        case authentication: 0x5FC105
        case signature: 0x5FC10A
        case keyManagement: 0x5FC10B
        case cardAuthentication: 0x5FC101
        case attestation: 0x5FFF01
        case retired: 0x5FC10D + UInt32(slot - retired.lowerBound)
        default: nil
        }
    }

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
