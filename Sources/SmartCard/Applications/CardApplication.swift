import Profiles

/// An application the card hosts beside its file system (ISO/IEC 7816-4 §8.2.1.2), such as
/// PIV or OpenPGP. SELECT by DF name reaches it through its AID; while it is selected on a
/// channel, its own command table answers that channel (a VERIFY to PIV is PIV's VERIFY),
/// with only SELECT and MANAGE CHANNEL left to the card OS.
protocol CardApplication: AnyObject {
    /// The full application identifier (ISO/IEC 7816-5). SELECT matches any prefix of it
    /// that is at least `minimumSelectLength` long, as clients send the short form.
    var aid: [UInt8] { get }
    var minimumSelectLength: Int { get }
    /// The instructions this application answers while selected.
    var commands: [UInt8: CardCommandHandler] { get }
    /// Writes the application's initial state into a new card (or one personalized before the
    /// profile named this application).
    func personalize(_ state: inout CardState)
    /// Answers SELECT: the application's FCI or property template. It may refuse (6A86 for a
    /// P2 it does not know) and may reset its volatile state, as selecting restarts it.
    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse
    /// Forgets the application's security status (verified PINs, authenticated keys) when a
    /// channel that had it selected selects another application or a file: each application's
    /// logins are its own, as on the multi-application tokens clients know.
    func leave(_ card: CardOS)
}

extension CardApplication {
    var minimumSelectLength: Int { 5 }

    func matches(_ name: [UInt8]) -> Bool {
        name.count >= min(minimumSelectLength, aid.count) && aid.starts(with: name)
    }
}

/// The applications a profile names, built once when the card opens.
enum ApplicationCatalog {
    static let names = ["piv", "openpgp"]

    static func make(_ card: HardwareProfile.CardSection, profileName: String) throws(CardError) -> [CardApplication] {
        try (card.applications ?? []).map { name throws(CardError) -> CardApplication in
            switch name {
            case "piv": return try PIVApplication(profile: card, profileName: profileName)
            case "openpgp": return OpenPGPApplication(profile: card)
            default:
                throw CardError("profile \(profileName): card.applications names \"\(name)\"; the applications this card OS hosts are \(names.joined(separator: ", "))")
            }
        }
    }
}
