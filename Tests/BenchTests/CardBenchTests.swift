import Foundation
import Testing
import Transports

@testable import Bench

/// The card bench's parts: APDU encoding (ISO/IEC 7816-4 §5.1), ATR reading (7816-3 §8.2),
/// reader choice, and a card that breaks the rules being caught by the iso7816 suite.
@Suite("Card bench")
struct CardBenchUnitTests {
    @Test("Commands encode as cases 1 to 4, short and extended")
    func commandEncoding() {
        #expect(CardCommand(ins: 0x70, p1: 0x80, p2: 0x01).bytes == [0x00, 0x70, 0x80, 0x01])
        #expect(CardCommand(ins: 0xB0, ne: 256).bytes == [0x00, 0xB0, 0x00, 0x00, 0x00])
        #expect(CardCommand(ins: 0xB0, ne: 65_536, extended: true).bytes == [0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00])
        #expect(CardCommand(ins: 0xB0, ne: 300, extended: true).bytes == [0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x2C])
        #expect(
            CardCommand(ins: 0xA4, p2: 0x0C, data: [0x3F, 0x00]).bytes == [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00])
        #expect(
            CardCommand(ins: 0xA4, data: [0x3F, 0x00], ne: 256, extended: true).bytes
                == [0x00, 0xA4, 0x00, 0x00, 0x00, 0x00, 0x02, 0x3F, 0x00, 0x01, 0x00])
    }

    @Test("The ATR of our ISO card reads as T=0 and T=1 with extended length and four channels")
    func atrOfTheISOCard() throws {
        let atr = try CardATR([0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0xF0, 0x01, 0xD3, 0xD5])
        #expect(atr.protocols == [0, 1])
        #expect(atr.historicalBytes == [0x80, 0x73, 0xF0, 0x01, 0xD3])
        #expect(atr.tck == 0xD5)
        #expect(atr.takesExtendedLength && atr.chainsCommands)
        #expect(atr.logicalChannels == 4)
        // A T=0-only ATR has no TCK and may have no capabilities.
        let plain = try CardATR([0x3B, 0x02, 0x14, 0x50])
        #expect(plain.protocols == [0] && plain.tck == nil && plain.logicalChannels == 1)
    }

    @Test("ATRs that break 7816-3 are named by the rule they break")
    func badATRs() {
        // TS, TCK, historical bytes cut short, TA1 announced and missing.
        #expect(throws: CaseFailure.self) { try CardATR([0x3C, 0x00]) }
        #expect(throws: CaseFailure.self) { try CardATR([0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0xF0, 0x01, 0xD3, 0xD4]) }
        #expect(throws: CaseFailure.self) { try CardATR([0x3B, 0x85, 0x80, 0x01, 0x80, 0x73]) }
        #expect(throws: CaseFailure.self) { try CardATR([0x3B, 0x90]) }
    }

    @Test("A reader is chosen by name, unique prefix or index; pcsc: alone takes the only one with a card")
    func readerChoice() throws {
        let readers = [
            PCSCContext.Reader(name: "Virtual PCD 00 00", atr: [0x3B, 0x00]),
            PCSCContext.Reader(name: "Virtual PCD 00 01", atr: nil),
            PCSCContext.Reader(name: "Yubico YubiKey OTP+FIDO+CCID 00 00", atr: [0x3B, 0xFD]),
        ]
        #expect(try PCSCCardTarget.choose("Virtual PCD 00 01", among: readers).name == "Virtual PCD 00 01")
        #expect(try PCSCCardTarget.choose("Yubico", among: readers).name.hasPrefix("Yubico"))
        #expect(try PCSCCardTarget.choose("1", among: readers).name == "Virtual PCD 00 01")
        #expect(throws: BenchError.self) { try PCSCCardTarget.choose("Virtual", among: readers) }
        #expect(throws: BenchError.self) { try PCSCCardTarget.choose("", among: readers) }
        #expect(try PCSCCardTarget.choose("", among: Array(readers.prefix(2))).name == "Virtual PCD 00 00")
        #expect(throws: BenchError.self) { try PCSCCardTarget.choose("", among: []) }
    }

    @Test("Every iso7816 case passes on card-sim, and the power cycle reopens the card from its store")
    func cardSimPasses() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        let results = CardRunner(
            target: target, allowDestructive: true, credentials: CardCredentials(pins: [0x01: Array("123456".utf8)])
        ).run([ISO7816Suite.suite])
        for result in results { #expect(result.status == .passed, "\(result.id): \(result.status)") }
        // A power cycle reopens the card from its store: an open channel is gone.
        let opened = try CardAnswer(target.transmit(CardCommand(ins: 0x70, ne: 1).bytes))
        #expect(opened.sw == 0x9000 && opened.data == [0x01])
        let powerCycle = try #require(target.powerCycle)
        try powerCycle()
        #expect(target.atr == [0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0xF0, 0x01, 0xD3, 0xD5])
        let onClosed = try CardAnswer(
            target.transmit(CardCommand(cla: 0x01, ins: 0xA4, p2: 0x0C, data: [0x3F, 0x00]).bytes))
        #expect(onClosed.sw == 0x6881)
    }

    @Test("A card that answers past Ne, or with a bad status word, fails the cases that check it")
    func liarIsCaught() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        // Pads every READ BINARY answer by one byte, and answers INS 02 with 9000.
        let liar = RewritingTarget(target) { apdu, response in
            if apdu.count > 1 && apdu[1] == 0xB0 && response.suffix(2) == [0x90, 0x00] {
                return Array(response.dropLast(2)) + [0xEE, 0x90, 0x00]
            }
            if apdu.count > 1 && apdu[1] == 0x02 { return [0x90, 0x00] }
            return response
        }
        let results = CardRunner(target: liar).run(CardSuites.all)
        let failed = Set(results.filter { $0.status != .passed && !$0.isSkipped }.map(\.id))
        #expect(failed.isSuperset(of: ["iso7816.le-bounded", "iso7816.unknown-ins"]), "\(failed)")
    }

    @Test("A card that stops answering fails the case it was in; the later cases say where it was lost")
    func lostCard() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        // The card goes away at the eighth APDU, a few cases into the run.
        let sent = Counter()
        let dying = RewritingTarget(target) { _, response in
            sent.add()
            return response
        }
        dying.fails = { sent.value >= 8 }
        dying.present = false
        let results = CardRunner(target: dying).run(CardSuites.all)
        let lost = try #require(results.firstIndex { if case .failed = $0.status { true } else { false } })
        #expect(lost > 0 && lost < results.count - 1, "the card was lost mid-run")
        guard case .failed(let why) = results[lost].status else { return }
        #expect(why.contains("the card stopped answering"), "\(why)")
        for later in results[(lost + 1)...] {
            #expect(later.status == .skipped("not run: the card stopped answering during \(results[lost].id)"))
        }
    }

    @Test("A reader that refuses one APDU fails that case only, while the card is still there")
    func refusedAPDU() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        let refusing = RewritingTarget(target) { _, response in response }
        refusing.fails = { false }
        refusing.refuse = { $0.count > 1 && $0[1] == 0x02 }
        let results = CardRunner(target: refusing, credentials: CardCredentials(pins: [0x01: Array("123456".utf8)]))
            .run(
                [ISO7816Suite.suite])
        let failed = results.filter { if case .failed = $0.status { true } else { false } }
        #expect(failed.map(\.id) == ["iso7816.unknown-ins"])
        // Only the destructive case is not run.
        #expect(results.filter { $0.status == .passed }.count == results.count - 2)
    }

    @Test("Every case, its clean-up included, runs inside one exclusive section of the target")
    func exclusiveSections() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        let watched = RewritingTarget(target) { _, response in response }
        let results = CardRunner(target: watched).run(CardSuites.all)
        let ran = results.filter {
            if case .skipped(let why) = $0.status { !why.contains("--allow-destructive") } else { true }
        }
        #expect(watched.sections == ran.count)
        #expect(watched.outsideExchanges == 0, "every APDU went inside a section")
    }

    @Test("On T=0 the cases a T=0 link cannot carry are skipped with the reason")
    func overT0() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        let t0 = RewritingTarget(target) { _, response in response }
        t0.transmissionProtocol = 0
        let results = CardRunner(target: t0).run(CardSuites.all)
        for id in ["iso7816.wrong-length", "iso7816.no-le-no-data", "iso7816.extended-length"] {
            let result = try #require(results.first { $0.id == id })
            guard case .skipped(let why) = result.status else {
                Issue.record("\(id) ran on T=0: \(result.status)")
                continue
            }
            #expect(why.contains("T=0"), "\(id): \(why)")
        }
    }

    @Test("Destructive cases are skipped, with the reason, unless allowed")
    func destructiveGate() throws {
        let target = try CardSimTarget(profile: "iso7816-default")
        let ran = Counter()
        let suite = CardSuite(
            name: "gate", application: nil,
            cases: [CardCase("gate.spoil", "spoils the card", clause: "-", needs: [.destructive]) { _ in ran.add() }])
        let refused = CardRunner(target: target).run([suite])
        #expect(
            refused.first?.status
                == .skipped("it changes the card for good; pass --allow-destructive on a card you may spoil"))
        #expect(ran.value == 0)
        let allowed = CardRunner(target: target, allowDestructive: true).run([suite])
        #expect(allowed.first?.status == .passed)
        #expect(ran.value == 1)
    }
}

extension CaseResult {
    var isSkipped: Bool {
        if case .skipped = status { return true }
        return false
    }
}

/// A card whose answers `rewrite` changes: a card that breaks the rules on purpose.
final class RewritingTarget: CardTarget {
    private let inner: CardTarget
    private let rewrite: ([UInt8], [UInt8]) -> [UInt8]
    init(_ inner: CardTarget, rewrite: @escaping ([UInt8], [UInt8]) -> [UInt8]) {
        self.inner = inner
        self.rewrite = rewrite
    }
    /// When it says so, the card no longer answers (the reader reports an error).
    var fails: () -> Bool = { false }
    /// APDUs the reader refuses while the card stays.
    var refuse: ([UInt8]) -> Bool = { _ in false }
    /// Whether the card is still in the reader once an exchange failed.
    var present = true
    var name: String { "liar" }
    var atr: [UInt8] { inner.atr }
    var isPresent: Bool { present }
    var transmissionProtocol: Int?
    /// How many exclusive sections were entered, and APDUs sent outside one.
    private(set) var sections = 0
    private(set) var outsideExchanges = 0
    private var inSection = false
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        sections += 1
        inSection = true
        defer { inSection = false }
        return try body()
    }
    func transmit(_ apdu: [UInt8]) throws -> [UInt8] {
        if !inSection { outsideExchanges += 1 }
        if refuse(apdu) { throw BenchError("the reader refused the exchange") }
        let response = rewrite(apdu, try inner.transmit(apdu))
        if fails() { throw BenchError("the reader lost the card") }
        return response
    }
    var powerCycle: (() throws -> Void)? { inner.powerCycle }
}

/// Counts calls from a case body.
final class Counter: @unchecked Sendable {
    // Safe: the runner calls case bodies one at a time on the test's thread.
    private(set) var value = 0
    func add() { value += 1 }
}

@Suite("The piv card suite")
struct PIVCardSuiteTests {
    static let managementKey: [UInt8] = Array(1...8) + Array(1...8) + Array(1...8)

    static let credentials = CardCredentials(
        pins: [0x80: Array("123456".utf8), 0x81: Array("12345678".utf8)], managementKey: managementKey)

    /// A card-sim PIV card whose 9A certificate container holds a real certificate (the card's
    /// own attestation certificate, copied there as a client would import one).
    static func cardWithCertificate() throws -> CardSimTarget {
        let target = try CardSimTarget(profile: "piv-default")
        let card = BenchCard(target: target, transcript: nil, credentials: credentials)
        card.application = PIVSuite.aid
        try card.selectStart()
        try card.authenticateManagementKey()
        let (_, attestation) = try card.pivObject(PIVSuite.attestationCertificateTag)
        let stored = try card.sendChained(PIVSuite.putDataCommand(0x5FC105, attestation))
        try #require(stored.sw == 0x9000)
        return target
    }

    @Test(
        "Every piv case passes on card-sim:piv-default given its PIN, PUK and management key; all picks piv there only")
    func pivPassesOnCardSim() throws {
        let runner = CardRunner(
            target: try Self.cardWithCertificate(), allowDestructive: true, credentials: Self.credentials)
        let (suites, leftOut) = try runner.suites("all")
        #expect(suites.map(\.name) == ["iso7816", "piv"] && leftOut.isEmpty)
        let results = runner.run([PIVSuite.suite])
        #expect(results.count == PIVSuite.suite.cases.count)
        for result in results { #expect(result.status == .passed, "\(result.id): \(result.status)") }

        let other = try CardRunner(target: CardSimTarget(profile: "iso7816-default")).suites("all")
        #expect(other.run.map(\.name) == ["iso7816"])
        #expect(other.leftOut.map(\.suite) == ["piv"])
    }

    @Test("Without a PIN or management key the cases that need them skip, naming the option; none guesses a default")
    func pivSkipsWithoutCredentials() throws {
        let results = try CardRunner(target: CardSimTarget(profile: "piv-default")).run([PIVSuite.suite])
        let skipped = results.filter { if case .skipped = $0.status { true } else { false } }.map(\.id)
        let destructive = PIVSuite.suite.cases.filter { $0.needs.contains(.destructive) }.map(\.id)
        #expect(
            Set(skipped)
                == Set(destructive).union([
                    "piv.reselect", "piv.pin-wrong", "piv.management-key", "piv.management-key-wrong",
                    "piv.certificates", "piv.puk-reset",
                ]))
        for result in results where !skipped.contains(result.id) {
            #expect(result.status == .passed, "\(result.id): \(result.status)")
        }
    }

    @Test("A card whose private-key answers are wrong, or that signs without the PIN, fails the key cases")
    func keyLiarsAreCaught() throws {
        // Flips the last data byte of every private-key GENERAL AUTHENTICATE answer.
        let tampering = RewritingTarget(try CardSimTarget(profile: "piv-default")) { apdu, response in
            guard apdu.count > 3, apdu[1] == 0x87, apdu[3] != 0x9B, response.count > 2 else { return response }
            var changed = response
            changed[changed.count - 3] ^= 0x01
            return changed
        }
        let tampered = CardRunner(target: tampering, allowDestructive: true, credentials: Self.credentials)
            .run([PIVSuite.suite])
        let failed = Set(tampered.filter { if case .failed = $0.status { true } else { false } }.map(\.id))
        #expect(
            failed
                == Set(PIVSuite.generationCases.map(\.id)).union([
                    "piv.key-needs-pin", "piv.signature-pin-always", "piv.key-agreement", "piv.key-decryption",
                ]), "\(failed)")

        // Answers 9000 wherever the card refused for want of the PIN or the management key.
        let lax = RewritingTarget(try CardSimTarget(profile: "piv-default")) { _, response in
            response.suffix(2) == [0x69, 0x82] ? [0x90, 0x00] : response
        }
        let laxResults = CardRunner(target: lax, allowDestructive: true, credentials: Self.credentials)
            .run([PIVSuite.suite])
        let laxFailed = Set(laxResults.filter { if case .failed = $0.status { true } else { false } }.map(\.id))
        #expect(
            laxFailed.isSuperset(of: [
                "piv.key-needs-pin", "piv.signature-pin-always", "piv.management-key-required",
                "piv.management-key-wrong",
            ]), "\(laxFailed)")
    }

    @Test("A wrong management key fails piv.management-key with a sentence, not a pass")
    func wrongManagementKeyFails() throws {
        let results = try CardRunner(
            target: CardSimTarget(profile: "piv-default"),
            credentials: CardCredentials(managementKey: Array(repeating: 0x42, count: 24))
        ).run([PIVSuite.suite])
        let result = try #require(results.first { $0.id == "piv.management-key" })
        guard case .failed(let reason) = result.status else {
            Issue.record("piv.management-key with a wrong key: \(result.status)")
            return
        }
        #expect(reason.contains("6982"))
    }
}
