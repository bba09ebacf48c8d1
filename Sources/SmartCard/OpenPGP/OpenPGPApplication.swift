import Profiles

/// The OpenPGP card application (OpenPGP Smart Card Application 3.4). Its AID carries the
/// manufacturer and the card's serial number: D2 76 00 01 24 01, version 03 04, manufacturer
/// FF FE (a test card's range), serial (4 bytes), 00 00.
final class OpenPGPApplication: CardApplication {
    let aid: [UInt8]
    var minimumSelectLength: Int { 6 }

    init(profile: HardwareProfile.CardSection) {
        let serial = profile.serialNumber ?? 0
        aid = [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01, 0x03, 0x04, 0xFF, 0xFE]
            + withUnsafeBytes(of: serial.bigEndian, Array.init) + [0x00, 0x00]
    }

    var commands: [UInt8: CardCommandHandler] { [:] }

    func personalize(_ state: inout CardState) {
        if state.openPGP == nil { state.openPGP = OpenPGPState() }
    }

    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        CardResponse()
    }
}

struct OpenPGPState: ApplicationState {
    static let recordPrefix = "openpgp-"
    init() {}
    init(records: [String: [UInt8]]) throws(CardError) {}
    func records() -> [String: [UInt8]] { [Self.recordPrefix + "dos": []] }
}

struct OpenPGPSession {}
