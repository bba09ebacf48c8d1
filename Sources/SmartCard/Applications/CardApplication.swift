import Profiles

/// An application the card hosts beside its file system (ISO/IEC 7816-4 §8.2.1.2), such as
/// PIV or OpenPGP. SELECT by DF name reaches it through its AID; while it is selected on a
/// channel, its own command table answers that channel (a VERIFY to PIV is PIV's VERIFY),
/// with only SELECT and MANAGE CHANNEL left to the card OS.
///
/// The card OS core knows no application by name: each brings its durable `State` (stored
/// under the record prefix the state type declares) and its volatile `Session`, which the
/// core keeps for it keyed by type (`CardState[_:]`, `CardSession[_:]`). Adding one is a new
/// folder and a line in `HostedApplications`.
protocol CardApplication: AnyObject {
    associatedtype State: ApplicationState
    associatedtype Session: ApplicationSession

    /// The full application identifier (ISO/IEC 7816-5). SELECT matches any prefix of it
    /// that is at least `minimumSelectLength` long, as clients send the short form.
    var aid: [UInt8] { get }
    var minimumSelectLength: Int { get }
    /// The instructions this application answers while selected.
    var commands: [UInt8: CardCommandHandler] { get }
    /// The state a new card starts with (or one personalized before the profile named this
    /// application).
    func initialState() -> State
    /// Answers SELECT: the application's FCI or property template. It may refuse (6A86 for a
    /// P2 it does not know) and may reset its volatile state, as selecting restarts it.
    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse
    /// Forgets the application's security status (verified PINs, authenticated keys) when a
    /// channel that had it selected selects another application or a file: each application's
    /// logins are its own, as on the multi-application tokens clients know. By default the
    /// whole `Session` starts over.
    func leave(_ card: CardOS)
}

extension CardApplication {
    var minimumSelectLength: Int { 5 }

    func leave(_ card: CardOS) { card.session[Session.self] = Session() }

    func matches(_ name: [UInt8]) -> Bool {
        name.count >= min(minimumSelectLength, aid.count) && aid.starts(with: name)
    }

    /// The type its durable state is stored as, for loading a card.
    var stateType: any ApplicationState.Type { State.self }

    /// Gives a card that lacks this application's state its initial state.
    func personalize(_ state: inout CardState) {
        if state[State.self] == nil { state[State.self] = initialState() }
    }
}

/// The durable part of a hosted application: stored as records whose names start with
/// `recordPrefix`, split so that a PIN try rewrites a few bytes, not every certificate.
protocol ApplicationState {
    static var recordPrefix: String { get }
    func records() -> [String: [UInt8]]
    /// The state from its records (all names start with `recordPrefix`); CardError naming the
    /// record when one does not decode.
    init(records: [String: [UInt8]]) throws(CardError)
}

/// The volatile part of a hosted application since power-on (its security status); `init()`
/// is the state after a reset or after leaving the application.
protocol ApplicationSession {
    init()
}
