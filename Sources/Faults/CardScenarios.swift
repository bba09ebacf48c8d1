import DeviceStore
import Logging
import Profiles
import SmartCard
import TrustCrypto

/// A card scenario: `setup` runs once on the newly personalized card, without faults;
/// `operation` is what gets cut; `check` runs on the card restarted from what is durable and,
/// from the operation's transcript (what the client sent and saw), names what was broken. A
/// card has no orderly shutdown: each APDU's state is committed before its response.
struct CardTearing: TearingDevice {
    let setup: @Sendable (CardLink) throws(CardLinkFailure) -> Void
    let operation: @Sendable (CardLink) throws(CardLinkFailure) -> Void
    let check: @Sendable (CardLink, [CardLink.Exchange]) throws(CardLinkFailure) -> [String]

    func prepare(profile: HardwareProfile, store: DeviceStore) throws {
        try setup(try Self.start(profile: profile, store: store))
    }

    func attempt(profile: HardwareProfile, store: DeviceStore, medium: SimulatedMedium) throws(TearingError)
        -> TearingAttempt
    {
        var link: CardLink?
        try TearingHarness.untilPowerLoss(medium) {
            // A response produced after power was lost never reached the client.
            let started = try Self.start(profile: profile, store: store) { response in
                medium.isPoweredOff ? nil : response
            }
            link = started
            try operation(started)
        }
        let transcript = link?.transcript ?? []
        let cutCommand =
            transcript.first { $0.reply == nil }.map { CardScenarioCommands.name(of: $0.command.ins) } ?? "power-on"
        return TearingAttempt(cutCommand: cutCommand) { store in
            do {
                return try check(try Self.start(profile: profile, store: store), transcript)
            } catch {
                return ["the restarted card: \(error)"]
            }
        }
    }

    /// Opens the card in `store` (personalizing an empty one), powers it on, and puts a reader
    /// in front of it; `deliver` decides whether a response reaches the reader.
    private static func start(
        profile: HardwareProfile, store: DeviceStore,
        deliver: @escaping ([UInt8]) -> [UInt8]? = { $0 }
    ) throws(CardError) -> CardLink {
        let card = try CardOS(profile: profile, store: store, logger: TearingHarness.silent)
        _ = card.powerOn()
        return CardLink { deliver(card.process($0)) }
    }
}

/// A reader's side of the card: command APDUs out, responses back. Every exchange is kept, so
/// a check after the restart knows what the client saw; the exchange without a reply is the
/// one during which power went.
final class CardLink {
    struct Reply: Equatable {
        var data: [UInt8]
        var status: UInt16
    }

    struct Exchange {
        var command: CommandAPDU
        var reply: Reply?
    }

    private let transmit: ([UInt8]) -> [UInt8]?
    private(set) var transcript: [Exchange] = []

    /// `transmit` answers nil when no response left the card.
    init(transmit: @escaping ([UInt8]) -> [UInt8]?) { self.transmit = transmit }

    /// Sends one command; no answer, or a status outside `expecting`, throws.
    @discardableResult
    func send(
        _ ins: UInt8, _ p1: UInt8, _ p2: UInt8, _ data: [UInt8] = [], ne: Int? = nil,
        expecting: [UInt16] = [0x9000]
    ) throws(CardLinkFailure) -> Reply {
        let command = CommandAPDU(ins: ins, p1: p1, p2: p2, data: data, ne: ne)
        guard let response = transmit(command.bytes) else {
            transcript.append(Exchange(command: command))
            throw .powerLost(ins)
        }
        let reply = Reply(
            data: Array(response.dropLast(2)), status: response.suffix(2).reduce(0) { $0 << 8 | UInt16($1) })
        transcript.append(Exchange(command: command, reply: reply))
        guard expecting.contains(reply.status) else { throw .unexpected(ins, reply.status, expected: expecting) }
        return reply
    }
}

/// Why a card scenario stopped: power went (what the harness expects of a cut), or the card
/// answered a status the scenario does not expect.
enum CardLinkFailure: Error, CustomStringConvertible {
    case powerLost(UInt8)
    case unexpected(UInt8, UInt16, expected: [UInt16])

    var description: String {
        switch self {
        case .powerLost(let ins):
            "power went during \(CardScenarioCommands.name(of: ins)): no response"
        case .unexpected(let ins, let status, let expected):
            "\(CardScenarioCommands.name(of: ins)) answered \(hex(status)), expected \(expected.map(hex).joined(separator: " or "))"
        }
    }

    private func hex(_ status: UInt16) -> String { String(status, radix: 16, uppercase: true) }
}

/// The test card (CardLayout.isoDefault) and the APDUs card scenarios send, spelled once.
enum CardScenarioCommands {
    static let pin: UInt8 = 0x01
    static let maxTries = 3
    static let rightPIN = Array("123456".utf8)
    static let wrongPIN = Array("654321".utf8)
    static let newPIN = Array("24681357".utf8)
    /// Key 03, EC P-256: generating it takes milliseconds, RSA-2048 seconds.
    static let ecKey: UInt8 = 0x03
    /// EF 5001 (short EF identifier 1) in the first application, updatable after PIN 01.
    static let binaryFile: UInt8 = 0x01
    /// What VERIFY of a PIN can answer: 9000, 63Cx with the tries left, 6983 blocked.
    static let verifyStatuses: [UInt16] = [0x9000, 0x6983] + Array(0x63C0...0x63CF)

    static func name(of ins: UInt8) -> String {
        let names: [UInt8: String] = [
            0x20: "VERIFY", 0x24: "CHANGE REFERENCE DATA", 0x47: "GENERATE ASYMMETRIC KEY PAIR",
            0xD6: "UPDATE BINARY", 0xB0: "READ BINARY", 0xA4: "SELECT", 0x22: "MSE", 0x2A: "PSO",
        ]
        return (names[ins].map { $0 + " " } ?? "") + "(INS " + String(ins, radix: 16, uppercase: true) + ")"
    }

    static func selectApplication(_ link: CardLink) throws(CardLinkFailure) {
        try link.send(0xA4, 0x04, 0x0C, CardLayout.firstAID)
    }

    @discardableResult
    static func verify(_ link: CardLink, _ value: [UInt8] = rightPIN, expecting: [UInt16] = [0x9000])
        throws(CardLinkFailure) -> UInt16
    {
        try link.send(0x20, 0x00, pin, value, expecting: expecting).status
    }

    /// The tries PIN 01 has left, as VERIFY without data tells a client that has not verified it.
    static func tries(_ link: CardLink) throws(CardLinkFailure) -> Int {
        triesLeft(after: try link.send(0x20, 0x00, pin, expecting: verifyStatuses).status)
    }

    /// What a VERIFY status tells the client about the counter: 63Cx x, 6983 none, 9000 full.
    static func triesLeft(after status: UInt16) -> Int {
        switch status {
        case 0x9000: maxTries
        case 0x6983: 0
        default: Int(status & 0x0F)
        }
    }

    /// GENERATE ASYMMETRIC KEY PAIR of key 03: P1 00 a new key, P1 81 the one there; both
    /// answer its public key template.
    @discardableResult
    static func generate(_ link: CardLink, new: Bool) throws(CardLinkFailure) -> [UInt8] {
        try link.send(0x47, new ? 0x00 : 0x81, ecKey, ne: 256).data
    }

    /// MSE SET DST naming key 03, then PSO COMPUTE DIGITAL SIGNATURE of `digest`: r ‖ s.
    static func sign(_ link: CardLink, _ digest: [UInt8]) throws(CardLinkFailure) -> [UInt8] {
        try link.send(0x22, 0x41, 0xB6, [0x84, 0x01, ecKey])
        return try link.send(0x2A, 0x9E, 0x9A, digest, ne: 256).data
    }

    /// The whole of EF 5001 (Le 00: everything up to 256 bytes).
    static func readBinary(_ link: CardLink) throws(CardLinkFailure) -> [UInt8] {
        try link.send(0xB0, 0x80 | binaryFile, 0, ne: 256).data
    }

    /// The P-256 key in a GENERATE answer, 7F49 43 { 86 41 04 ‖ X ‖ Y }; nil for anything else.
    static func p256Key(_ template: [UInt8]) -> ECC.PublicKey? {
        let header: [UInt8] = [0x7F, 0x49, 0x43, 0x86, 0x41, 0x04]
        guard template.count == header.count + 64, template.starts(with: header) else { return nil }
        let point = ECCPoint(x: Array(template[6..<38]), y: Array(template[38...]))
        return try? ECC.PublicKey(curve: .nistP256, point: point)
    }
}

/// What a security evaluator checks on a card restarted after a cut, given the transcript of the
/// operation; each returns its violations as sentences.
enum CardChecks {
    typealias Commands = CardScenarioCommands

    /// VERIFY never gives a free guess: the counter is what the client was last told, or, for
    /// the command power went during, unchanged (it never answered) or one try lower; a
    /// blocked PIN stays blocked; the right PIN cut leaves no fewer than one try spent, or the
    /// full counter its 9000 promises.
    @Sendable static func pinTries(_ link: CardLink, _ transcript: [CardLink.Exchange]) throws(CardLinkFailure)
        -> [String]
    {
        var told = Commands.maxTries
        for exchange in transcript where exchange.command.ins == 0x20 {
            guard let reply = exchange.reply else {
                let right = exchange.command.data == Commands.rightPIN
                let allowed = right ? [told, told - 1, Commands.maxTries] : [told, max(told - 1, 0)]
                let now = try Commands.tries(link)
                guard !allowed.contains(now) else { return [] }
                return [
                    "VERIFY of the \(right ? "right" : "wrong") PIN, cut, took the try counter from \(told) to \(now); only \(allowed.map(String.init).joined(separator: " or ")) is safe"
                ]
            }
            told = Commands.triesLeft(after: reply.status)
        }
        let now = try Commands.tries(link)
        return now == told ? [] : ["the try counter went from \(told), as the client was told, to \(now) after restart"]
    }

    /// After CHANGE REFERENCE DATA the PIN is exactly one of the old and the new value, the new
    /// one once 9000 was seen.
    @Sendable static func pinChanged(_ link: CardLink, _ transcript: [CardLink.Exchange]) throws(CardLinkFailure)
        -> [String]
    {
        let acknowledged = transcript.contains { $0.command.ins == 0x24 && $0.reply?.status == 0x9000 }
        let newVerifies = try Commands.verify(link, Commands.newPIN, expecting: Commands.verifyStatuses) == 0x9000
        let oldVerifies = try Commands.verify(link, Commands.rightPIN, expecting: Commands.verifyStatuses) == 0x9000
        switch (oldVerifies, newVerifies) {
        case (true, true): return ["both the old and the new PIN verify after restart"]
        case (false, false): return ["neither the old nor the new PIN verifies after restart"]
        case (true, false) where acknowledged:
            return ["CHANGE REFERENCE DATA answered 9000, yet after restart only the old PIN verifies"]
        default: return []
        }
    }

    /// After GENERATE the slot holds the old key or a new one (the returned one once the answer
    /// was seen), and the card signs with the key whose public half it reports: a half-written
    /// key is never used.
    @Sendable static func keyReplaced(_ link: CardLink, _ transcript: [CardLink.Exchange]) throws(CardLinkFailure)
        -> [String]
    {
        let old = transcript.first { $0.command.ins == 0x47 && $0.command.p1 == 0x81 }?.reply?.data
        let generation = transcript.first { $0.command.ins == 0x47 && $0.command.p1 == 0x00 }
        let returned = generation?.reply?.data
        try Commands.verify(link)
        let now = try Commands.generate(link, new: false)
        var violations: [String] = []
        if let returned, now != returned {
            violations.append("GENERATE returned a public key, yet after restart key 03 is another")
        }
        if generation == nil, now != old { violations.append("key 03 changed though GENERATE was never sent") }
        guard let publicKey = Commands.p256Key(returned ?? now) else {
            return violations + ["key 03's public key is not a P-256 point in a 7F49 template"]
        }
        guard let digest = try? Hash.digest(.sha256, Array("tearing".utf8)) else {
            return violations + ["this libcrypto lacks SHA-256, so key 03's signature cannot be checked"]
        }
        let signature = try Commands.sign(link, digest)
        if !publicKey.isValidECDSASignature(
            r: Array(signature.prefix(32)), s: Array(signature.dropFirst(32)), digest: digest)
        {
            violations.append(
                "the card signs with a key other than the public key \(returned == nil ? "it reports" : "GENERATE returned")"
            )
        }
        return violations
    }

    /// After UPDATE BINARY, EF 5001 holds entirely the old or entirely the new content, the new
    /// once 9000 was seen.
    @Sendable static func binaryReplaced(_ link: CardLink, _ transcript: [CardLink.Exchange]) throws(CardLinkFailure)
        -> [String]
    {
        let old = transcript.first { $0.command.ins == 0xB0 }?.reply?.data
        let update = transcript.first { $0.command.ins == 0xD6 }
        try Commands.selectApplication(link)
        let now = try Commands.readBinary(link)
        if let update, update.reply?.status == 0x9000 {
            return now == update.command.data
                ? [] : ["UPDATE BINARY answered 9000, yet after restart EF 5001 does not hold the new content"]
        }
        guard now != old, now != update?.command.data else { return [] }
        let landed = zip(now, update?.command.data ?? []).filter { $0 == $1 }.count
        return ["EF 5001 after restart is neither its old nor its new content (\(landed) of \(now.count) bytes new)"]
    }
}

extension TearingScenario {
    init(
        name: String, summary: String,
        setup: @escaping @Sendable (CardLink) throws(CardLinkFailure) -> Void = { _ throws(CardLinkFailure) in },
        operation: @escaping @Sendable (CardLink) throws(CardLinkFailure) -> Void,
        check: @escaping @Sendable (CardLink, [CardLink.Exchange]) throws(CardLinkFailure) -> [String]
    ) {
        self.init(name: name, summary: summary, device: CardTearing(setup: setup, operation: operation, check: check))
    }

    /// The scenarios `trustbench faults tearing --device card` knows, in the order it runs them.
    public static let card: [TearingScenario] = [
        TearingScenario(
            name: "pin-verify-fail", summary: "wrong PINs to VERIFY until PIN 01 blocks, the right one in between",
            operation: { link throws(CardLinkFailure) in
                let wrong = CardScenarioCommands.wrongPIN
                try CardScenarioCommands.verify(link, wrong, expecting: [0x63C2])
                try CardScenarioCommands.verify(link)
                for status: UInt16 in [0x63C2, 0x63C1, 0x63C0, 0x6983] {
                    try CardScenarioCommands.verify(link, wrong, expecting: [status])
                }
            },
            check: CardChecks.pinTries),
        TearingScenario(
            name: "pin-change", summary: "CHANGE REFERENCE DATA of PIN 01 with the old value",
            operation: { link throws(CardLinkFailure) in
                try link.send(
                    0x24, 0x00, CardScenarioCommands.pin, CardScenarioCommands.rightPIN + CardScenarioCommands.newPIN)
            },
            check: CardChecks.pinChanged),
        TearingScenario(
            name: "key-generate", summary: "GENERATE ASYMMETRIC KEY PAIR replacing P-256 key 03",
            setup: { link throws(CardLinkFailure) in
                try CardScenarioCommands.verify(link)
                try CardScenarioCommands.generate(link, new: true)
            },
            operation: { link throws(CardLinkFailure) in
                try CardScenarioCommands.generate(link, new: false)  // the old key, for the check
                try CardScenarioCommands.verify(link)
                try CardScenarioCommands.generate(link, new: true)
            },
            check: CardChecks.keyReplaced),
        TearingScenario(
            name: "update-binary", summary: "UPDATE BINARY of the whole of EF 5001",
            operation: { link throws(CardLinkFailure) in
                try CardScenarioCommands.selectApplication(link)
                _ = try CardScenarioCommands.readBinary(link)  // the old content, for the check
                try CardScenarioCommands.verify(link)
                try link.send(0xD6, 0x80 | CardScenarioCommands.binaryFile, 0, [UInt8](repeating: 0xA5, count: 64))
            },
            check: CardChecks.binaryReplaced),
    ]
}
