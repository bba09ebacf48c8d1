import DeviceStore
import Profiles
import SmartCard
import Testing

@testable import Faults

/// The card scenarios pass on our card OS and store, and their checks catch what an evaluator
/// looks for: a store that acknowledges too early gives a free PIN guess, one that writes in
/// place leaves a half-written file, and a card whose state contradicts what the client saw
/// (more tries than it was told, a key other than the one GENERATE returned) is named.
@Suite("Card tearing")
struct CardTearingTests {
    static let profile = TestProfiles.card

    static func scenario(_ name: String) throws -> TearingScenario {
        try #require(TearingScenario.card.first { $0.name == name })
    }

    /// A new test card behind a reader that always answers.
    static func card() throws -> CardLink {
        let card = try CardOS(profile: profile, store: MemoryStore())
        _ = card.powerOn()
        return CardLink { card.process($0) }
    }

    @Test(
        "Every card scenario survives a cut at each write point, clean or torn",
        arguments: TearingScenario.card.map(\.name))
    func scenario(name: String) throws {
        let report = try TearingHarness(profile: Self.profile).run(try Self.scenario(name))
        #expect(report.cutPoints >= 2, "VERIFY alone spends a try and gives it back: two transactions")
        #expect(report.violations.isEmpty, "\(report.lines.joined(separator: "\n"))")
        #expect(report.lines.first == "\(name): cut points: \(report.cutPoints), violations: 0")
    }

    @Test("A store that acknowledges before its writes are durable gives a free PIN guess, and it is caught")
    func lateDurabilityCaught() throws {
        let harness = TearingHarness(profile: Self.profile) { medium throws(StoreError) in try DeferredStore(medium) }
        let report = try harness.run(try Self.scenario("pin-verify-fail"))
        #expect(report.violations.contains { $0.contains("VERIFY") && $0.contains("try counter") }, "\(report.lines)")
    }

    @Test("A store that overwrites records in place is caught: a torn UPDATE BINARY leaves a damaged file")
    func inPlaceWritesCaught() throws {
        let harness = TearingHarness(profile: Self.profile) { medium throws(StoreError) in InPlaceStore(medium) }
        let report = try harness.run(try Self.scenario("update-binary"))
        #expect(report.violations.contains { $0.contains("(torn)") && $0.contains("UPDATE BINARY") }, "\(report.lines)")
    }

    @Test("A card with more tries than the client was told is a free guess")
    func freeGuessNamed() throws {
        let link = try Self.card()
        let seen = CardLink.Exchange(
            command: CommandAPDU(ins: 0x20, p1: 0, p2: 1, data: CardScenarioCommands.wrongPIN),
            reply: CardLink.Reply(data: [], status: 0x63C2))
        #expect(
            try CardChecks.pinTries(link, [seen]) == [
                "the try counter went from 2, as the client was told, to 3 after restart"
            ])
        let cut = CardLink.Exchange(command: seen.command, reply: nil)
        #expect(try CardChecks.pinTries(link, [seen, cut]).first?.contains("took the try counter from 2 to 3") == true)
    }

    @Test(
        "A card holding a key other than the one GENERATE returned is named, and so is a signature under the wrong key")
    func wrongKeyNamed() throws {
        let link = try Self.card()
        try CardScenarioCommands.verify(link)
        try CardScenarioCommands.generate(link, new: true)
        let other = try Self.card()
        try CardScenarioCommands.verify(other)
        let returned = try CardScenarioCommands.generate(other, new: true)
        let generation = CardLink.Exchange(
            command: CommandAPDU(ins: 0x47, p1: 0, p2: 3, ne: 256),
            reply: CardLink.Reply(data: returned, status: 0x9000))
        let violations = try CardChecks.keyReplaced(link, [generation])
        #expect(violations.count == 2, "\(violations)")
        #expect(
            violations.contains { $0.contains("key 03 is another") }
                && violations.contains { $0.contains("signs with a key other") })
    }

    @Test("A half-updated file is named with how much of it landed")
    func mixedFileNamed() throws {
        let link = try Self.card()
        try CardScenarioCommands.selectApplication(link)
        let old = try CardScenarioCommands.readBinary(link)
        try CardScenarioCommands.verify(link)
        try link.send(0xD6, 0x81, 0, [UInt8](repeating: 0xA5, count: 32))
        let update = CardLink.Exchange(
            command: CommandAPDU(ins: 0xD6, p1: 0x81, p2: 0, data: [UInt8](repeating: 0xA5, count: 64)),
            reply: nil)
        let read = CardLink.Exchange(
            command: CommandAPDU(ins: 0xB0, p1: 0x81, p2: 0, ne: 256), reply: CardLink.Reply(data: old, status: 0x9000))
        #expect(
            try CardChecks.binaryReplaced(link, [read, update]) == [
                "EF 5001 after restart is neither its old nor its new content (32 of 64 bytes new)"
            ])
    }
}
