import Profiles

final class PIVApplication: CardApplication {
    let aid: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]
    init(profile: HardwareProfile.CardSection) {}
    var commands: [UInt8: CardCommandHandler] { [:] }
    func personalize(_ state: inout CardState) {
        if state.piv == nil { state.piv = PIVState() }
    }
    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse { CardResponse() }
}

struct PIVState: ApplicationState {
    static let recordPrefix = "piv-"
    init() {}
    init(records: [String: [UInt8]]) throws(CardError) {}
    func records() -> [String: [UInt8]] { [Self.recordPrefix + "pins": []] }
}

struct PIVSession {}
