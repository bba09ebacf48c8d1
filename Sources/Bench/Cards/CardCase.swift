import Foundation

/// One check of a card suite: an id for reports, a title for people, the clause of the
/// standard it checks, what the card or the run must allow, and the body.
public struct CardCase: Sendable {
    public let id: String
    public let title: String
    public let clause: String
    public let needs: Set<Need>
    let body: @Sendable (CardCaseContext) throws -> Void

    /// What a case needs beyond sending commands; a run that lacks one skips the case.
    public enum Need: String, Sendable {
        /// The case changes the card for good (blocks a PIN, writes a file): `--allow-destructive`.
        case destructive
        /// The case cuts the card's power.
        case powerCycle
    }

    init(
        _ id: String, _ title: String, clause: String, needs: Set<Need> = [],
        body: @escaping @Sendable (CardCaseContext) throws -> Void
    ) {
        self.id = id
        self.title = title
        self.clause = clause
        self.needs = needs
        self.body = body
    }
}

/// A card suite: named cases run in order, for the cards that have its application.
public struct CardSuite: Sendable {
    public let name: String
    /// The application the suite tests (its AID); nil for the card OS itself, which every card has.
    public let application: [UInt8]?
    public let cases: [CardCase]
}

/// A command APDU as ISO/IEC 7816-4 §5.1 encodes it: case 1 to 4, short or extended.
public struct CardCommand: Sendable, Equatable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public var data: [UInt8]
    /// Ne, the most response bytes asked for (1 to 256 short, 1 to 65,536 extended); nil for no
    /// Le field (Ne = 0).
    public var ne: Int?
    /// Extended length fields (3-byte Lc, 2- or 3-byte Le) instead of short ones.
    public var extended: Bool

    /// A command from its header, data and Ne.
    /// - Parameters:
    ///   - cla: the class byte.
    ///   - ins: the instruction byte.
    ///   - p1: the first parameter byte.
    ///   - p2: the second parameter byte.
    ///   - data: the command data (no Lc field when empty).
    ///   - ne: the most response bytes expected (256 or 65,536 for "all"); nil for no Le field.
    ///   - extended: whether to encode Lc and Le in extended form.
    public init(
        cla: UInt8 = 0x00, ins: UInt8, p1: UInt8 = 0, p2: UInt8 = 0, data: [UInt8] = [], ne: Int? = nil,
        extended: Bool = false
    ) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.ne = ne
        self.extended = extended
    }

    /// SELECT of the MF by its file identifier 3F00, asking no response data (P2 0C).
    /// - Parameters:
    ///   - cla: the class byte (a logical channel's, or one under test).
    ///   - extended: whether Lc takes the extended form.
    /// - Returns: the command.
    public static func selectMasterFile(cla: UInt8 = 0x00, extended: Bool = false) -> CardCommand {
        CardCommand(cla: cla, ins: 0xA4, p2: 0x0C, data: [0x3F, 0x00], extended: extended)
    }

    /// The APDU's bytes: header, then Lc and data, then Le (§5.1, Table 1).
    public var bytes: [UInt8] {
        precondition(ne.map { $0 >= 1 && $0 <= (extended ? 65_536 : 256) } ?? true, "Ne \(ne ?? 0) has no Le field")
        precondition(data.count <= (extended ? 65_535 : 255), "\(data.count) data bytes do not fit Lc")
        var bytes = [cla, ins, p1, p2]
        if !data.isEmpty {
            if extended {
                bytes += [0x00, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
            } else {
                bytes.append(UInt8(data.count))
            }
            bytes += data
        }
        if let ne {
            if extended {
                let value = ne >= 65_536 ? 0 : ne
                // Without Lc the extended Le takes a leading 00 of its own.
                if data.isEmpty { bytes.append(0x00) }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            } else {
                bytes.append(ne >= 256 ? 0 : UInt8(ne))
            }
        }
        return bytes
    }
}

/// A response APDU: its data and its status word.
public struct CardAnswer: Sendable, Equatable, CustomStringConvertible {
    public let data: [UInt8]
    public let sw: UInt16

    /// A response from the bytes a reader returned.
    /// - Parameter bytes: the response APDU; fewer than two bytes is not a response.
    init(_ bytes: [UInt8]) throws {
        guard bytes.count >= 2 else {
            throw CaseFailure("the card answered \(bytes.count) bytes, not a response APDU (data, SW1, SW2)")
        }
        data = Array(bytes.dropLast(2))
        sw = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
    }

    public var sw1: UInt8 { UInt8(sw >> 8) }
    public var sw2: UInt8 { UInt8(sw & 0xFF) }
    /// The status word in hex, as the standards write it ("6A82").
    public var status: String { String(format: "%04X", sw) }
    public var description: String { "\(data.count) data bytes, SW \(status)" }
}

/// The card as a case body sees it: APDUs out and answers back, every one recorded in the
/// transcript when the run keeps one.
public final class BenchCard {
    let target: CardTarget
    let transcript: CardTranscript?
    /// The id of the case running, for the transcript.
    var caseID = ""
    /// Set once the card did not answer: nothing more can be sent.
    private(set) var lost = false

    /// The PINs and keys the run was given (`--card-pin`, `--card-management-key`).
    let credentials: CardCredentials
    /// The application of the suite running (its AID), selected at each case's start and again
    /// after a power cycle; nil for the card OS suites.
    var application: [UInt8]?

    init(target: CardTarget, transcript: CardTranscript?, credentials: CardCredentials = CardCredentials()) {
        self.target = target
        self.transcript = transcript
        self.credentials = credentials
    }

    /// The card went away outside an exchange (its transaction could not start).
    func markLost() { lost = true }

    /// Sends `apdu` exactly as given.
    /// - Parameter apdu: the command APDU's bytes (well formed or not, on purpose).
    /// - Returns: the card's answer.
    func send(_ apdu: [UInt8]) throws -> CardAnswer {
        guard !lost else { throw CardLost(description: "the card is gone") }
        transcript?.record(caseID: caseID, direction: .command, apdu)
        let response: [UInt8]
        do { response = try target.transmit(apdu) } catch {
            transcript?.note(caseID: caseID, "no answer: \(error)")
            // A reader that refuses one APDU (too long for it, malformed for T=0) still holds a
            // card that answers a plain SELECT of the MF; a card gone or mute ends the run.
            let probe = CardCommand.selectMasterFile().bytes
            guard target.isPresent, (try? target.transmit(probe)).map({ $0.count >= 2 }) == true else {
                lost = true
                throw CardLost(description: "the card stopped answering: \(error)")
            }
            throw CaseFailure("the reader refused the APDU \(CardTranscript.hex(apdu)): \(error)")
        }
        transcript?.record(caseID: caseID, direction: .response, response)
        return try CardAnswer(response)
    }

    /// Sends `command`.
    /// - Parameter command: the command to encode and send.
    /// - Returns: the card's answer.
    func send(_ command: CardCommand) throws -> CardAnswer { try send(command.bytes) }

    /// SELECT of the MF by its file identifier 3F00, asking no response data (P2 0C).
    /// - Returns: the card's answer.
    @discardableResult
    func selectMasterFile() throws -> CardAnswer { try send(.selectMasterFile()) }

    /// Where every case starts: the MF on the basic channel, then the suite's application.
    func selectStart() throws {
        _ = try selectMasterFile()
        guard let application else { return }
        let selected = try send(CardCommand(ins: 0xA4, p1: 0x04, data: application, ne: 256))
        guard selected.sw == 0x9000 || selected.sw1 == 0x61 else {
            throw CaseFailure(
                "SELECT of the application \(CardTranscript.hex(application)) answered \(selected.status)")
        }
        _ = try following(selected, ne: 65_536)
    }

    /// Sends `command`, its data split into a chain of commands (ISO/IEC 7816-4 §5.1.1.1: CLA
    /// b5 set on all but the last) when it does not fit one short APDU; the last one's answer.
    /// - Parameter command: a short command whose data may exceed 255 bytes.
    /// - Returns: the answer to the chain's last command.
    func sendChained(_ command: CardCommand) throws -> CardAnswer {
        var rest = command.data[...]
        while rest.count > 255 {
            var link = command
            link.cla |= 0x10
            link.data = Array(rest.prefix(255))
            link.ne = nil
            let answer = try send(link)
            guard answer.sw == 0x9000 else {
                throw CaseFailure("a chained command (CLA \(CardTranscript.hex([link.cla]))) answered \(answer.status)")
            }
            rest = rest.dropFirst(255)
        }
        var last = command
        last.data = Array(rest)
        return try send(last)
    }

    /// Cuts the card's power and restores it, then selects where the case started.
    func powerCycle() throws {
        guard let cycle = target.powerCycle else { throw CaseSkip("\(target.name) cannot be power-cycled") }
        transcript?.note(caseID: caseID, "power cycle")
        try cycle()
        transcript?.note(caseID: caseID, "ATR \(CardTranscript.hex(target.atr))")
        try selectStart()
    }
}

/// What the cases may use to act as the card's holder or issuer. Nothing is guessed: a case
/// whose secret was not given skips, so no try counter of a real card is spent on a default.
public struct CardCredentials: Sendable {
    /// PINs by VERIFY's P2 reference: global ones (b8 0, such as 01) for the card OS, 80 and 81
    /// for PIV's PIN and PUK.
    public var pins: [UInt8: [UInt8]]
    /// PIV's card management key (9B).
    public var managementKey: [UInt8]?

    /// Credentials for a run.
    /// - Parameters:
    ///   - pins: PIN values (as typed, unpadded) by VERIFY's P2 reference.
    ///   - managementKey: PIV's card management key, 3DES or AES.
    public init(pins: [UInt8: [UInt8]] = [:], managementKey: [UInt8]? = nil) {
        self.pins = pins
        self.managementKey = managementKey
    }
}

/// The card stopped answering (pulled out, reader gone, card OS crashed): the run cannot go on.
struct CardLost: Error, CustomStringConvertible {
    let description: String
}

/// What a card case body gets: the card, and a place for clean-up that runs whether the case
/// passed or not.
final class CardCaseContext {
    let card: BenchCard
    private var cleanups: [() -> Void] = []

    init(card: BenchCard) { self.card = card }

    /// Runs `cleanup` after the case, whatever its outcome; the last registered runs first.
    /// - Parameter cleanup: what undoes a step of the case.
    func onCleanup(_ cleanup: @escaping () -> Void) { cleanups.append(cleanup) }

    func runCleanups() {
        for cleanup in cleanups.reversed() { cleanup() }
        cleanups = []
    }

    /// Fails the case unless `answer` carries one of `expected` status words.
    /// - Parameters:
    ///   - answer: the card's answer.
    ///   - expected: the status words the clause allows.
    ///   - what: the step, as the failure sentence begins.
    func expect(_ answer: CardAnswer, _ expected: Set<UInt16>, _ what: String) throws {
        guard expected.contains(answer.sw) else {
            let allowed = expected.sorted().map { String(format: "%04X", $0) }.joined(separator: " or ")
            throw CaseFailure("\(what): the card answered \(answer.status), expected \(allowed)")
        }
    }
}
