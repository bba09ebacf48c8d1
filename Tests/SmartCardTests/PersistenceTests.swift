import DeviceStore
import Foundation
import Testing
import TrustCrypto

@testable import SmartCard

/// The card's state goes through DeviceStore: it survives reopening a folder, and a comparison
/// (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER) cut at any write point never leaves
/// more tries than the card reported before.
@Suite("Card persistence")
struct PersistenceTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smartcard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Files, PIN counters, changed PINs and generated keys survive reopening a DirectoryStore")
    func reopenDirectoryStore() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let signature: [UInt8]
        let point: [UInt8]
        let digest = try Hash.digest(.sha256, Array("kept".utf8))
        do {
            let card = try TestCard(store: try DirectoryStore(directory: folder))
            _ = card.selectApplication()
            #expect(card.verifyPIN().sw == 0x9000)
            #expect(card.send(0xD6, 0x81, 0x00, [0xEE]).sw == 0x9000)
            #expect(card.send(0xE2, 0x00, 4 << 3, [0x42]).sw == 0x9000)
            point = try #require(BERTLV.value(0x86, in: try SecurityOperationTests.generate(card, slot: 0x03)))
            #expect(card.send(0x24, 0x01, 0x01, Array("8642".utf8)).sw == 0x9000)
            #expect(card.send(0x20, 0x00, 0x02, Array("00000000".utf8)).sw == 0x63C4)
        }
        let store = try DirectoryStore(directory: folder)
        #expect(
            try store.names().contains("card-files") && store.names().contains("card-pin-01")
                && store.names().contains("card-key-03"))
        let card = try TestCard(store: store)
        _ = card.selectApplication()
        #expect(card.send(0xB0, 0x81, 0x00, ne: 2).data == [0xEE, 0x01])
        #expect(card.send(0xB2, 0x03, 4 << 3 | 0x04, ne: 256).data == [0x42])
        #expect(card.send(0x20, 0x00, 0x02).sw == 0x63C4, "the PUK's spent try is durable")
        #expect(card.verifyPIN().sw == 0x63C2, "the old PIN is gone")
        #expect(card.verifyPIN("8642").sw == 0x9000)
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x03]).sw == 0x9000)
        let reply = card.send(0x2A, 0x9E, 0x9A, digest, ne: 256)
        signature = reply.data
        let publicKey = try ECC.PublicKey(
            curve: .nistP256, point: ECCPoint(x: Array(point[1...32]), y: Array(point[33...])))
        #expect(
            publicKey.isValidECDSASignature(
                r: Array(signature.prefix(32)), s: Array(signature.suffix(32)), digest: digest),
            "the generated key is the same key after reopening")
    }

    @Test("A card whose records do not decode refuses to start with a sentence")
    func corruptRecord() throws {
        let store = MemoryStore()
        try store.write("card-files", Array("not json".utf8))
        #expect(throws: CardError.self) { try CardOS(profile: TestCard.profile, store: store) }
    }

    /// The tries VERIFY with no data reports for `reference` on a card restarted from `files`.
    static func triesAfterRestart(_ files: [String: [UInt8]], reference: UInt8) throws -> UInt16 {
        let card = try TestCard(store: try RecordStore(medium: SimulatedMedium(files: files)))
        return card.send(0x20, 0x00, reference).sw
    }

    /// A command that compares reference data, with a wrong and a right value. `checked` is the
    /// PIN or PUK whose try it spends.
    struct Comparison: CustomTestStringConvertible, Sendable {
        var name: String
        var checked: UInt8
        var wrong: [UInt8]
        var right: [UInt8]
        var testDescription: String { name }
    }

    static let comparisons = [
        Comparison(
            name: "VERIFY", checked: 0x01, wrong: [0x00, 0x20, 0x00, 0x01] + [6] + Array("000000".utf8),
            right: [0x00, 0x20, 0x00, 0x01] + [6] + Array("123456".utf8)),
        Comparison(
            name: "CHANGE REFERENCE DATA", checked: 0x01,
            wrong: [0x00, 0x24, 0x00, 0x01] + [10] + Array("0000002468".utf8),
            right: [0x00, 0x24, 0x00, 0x01] + [10] + Array("1234562468".utf8)),
        Comparison(
            name: "RESET RETRY COUNTER", checked: 0x02, wrong: [0x00, 0x2C, 0x01, 0x01] + [8] + Array("00000000".utf8),
            right: [0x00, 0x2C, 0x01, 0x01] + [8] + Array("12345678".utf8)),
    ]

    /// The property an attacker who cuts power after the comparison would break: every cut
    /// leaves at most the tries reported before, and a result that left the card had its try
    /// durable first; cuts during a right value's give-back leave the try spent.
    @Test(
        "Tear-safe comparison: cut at each write point of a wrong or right value, clean or torn, never gains a try",
        arguments: comparisons, [false, true])
    func tearSafeComparison(_ comparison: Comparison, right: Bool) throws {
        let setup = SimulatedMedium()
        let reported: UInt16
        do {
            let card = try TestCard(store: try RecordStore(medium: setup))
            _ = card.send(comparison.wrong)
            reported = card.send(0x20, 0x00, comparison.checked).sw
        }
        let full = UInt16(comparison.checked == 0x01 ? 3 : 5)
        #expect(reported == 0x63C0 | (full - 1))
        let before = setup.snapshot
        let command = right ? comparison.right : comparison.wrong

        let counting = SimulatedMedium(files: before)
        let countingCard = try TestCard(store: try RecordStore(medium: counting))
        let start = counting.writePoints
        let uncut = countingCard.send(command).sw
        let writePoints = counting.writePoints - start
        #expect(uncut == (right ? 0x9000 : reported - 1))
        // A right value costs a try first and gets it back after: a card that compared first
        // would not write before answering, and no cut could leave the try spent.
        #expect(writePoints >= (right ? 4 : 2), "spend (and give back): one transaction each")

        let cuts = (1...writePoints).flatMap { point in [(point, false), (point, true)] }
        for (point, torn) in cuts {
            let medium = SimulatedMedium(files: before)
            let card = try TestCard(store: try RecordStore(medium: medium))
            medium.cut(at: point, torn: torn)
            let answer = card.send(command).sw
            let after = try Self.triesAfterRestart(medium.snapshot, reference: comparison.checked)
            let cut = "cut at \(point)\(torn ? " (torn)" : "")"
            #expect(after == reported || after == reported - 1, "\(cut): \(after) must not exceed the tries reported")
            if answer == uncut {
                #expect(right || after == reported - 1, "\(cut): a revealed wrong value must have cost a try")
            } else {
                #expect(answer == 0x6581, "\(cut): the card answers memory failure, not the comparison")
            }
        }
    }

    @Test("A store that fails leaves the state as it was durable: 6581 and nothing changed")
    func failedCommitRollsBack() throws {
        let medium = SimulatedMedium()
        let card = try TestCard(store: try RecordStore(medium: medium))
        _ = card.selectApplication()
        _ = card.verifyPIN()
        medium.cut(at: 1, torn: false)
        #expect(card.send(0xD6, 0x81, 0x00, [0xEE]).sw == 0x6581)
        #expect(card.send(0xB0, 0x81, 0x00, ne: 1).data == [0x00], "the in-memory state went back to the durable one")
    }

    @Test("A VERIFY whose final commit fails answers 6581 and leaves the PIN unverified, its try spent")
    func failedCommitTakesBackVerification() throws {
        let store = FailingCommitStore()
        let card = try TestCard(store: store)
        _ = card.selectApplication()
        store.failingCommit = store.commits + 2  // the spent try commits; giving it back fails
        #expect(card.verifyPIN().sw == 0x6581)
        #expect(card.send(0xB0, 0x82, 0x00, ne: 6).sw == 0x6982, "the failed VERIFY granted nothing")
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x63C2, "the try stays spent, as it was durable")
    }
}

/// A store that refuses one chosen commit, as a worn-out chip refuses a write.
final class FailingCommitStore: DeviceStore {
    private let records = MemoryStore()
    private(set) var commits = 0
    var failingCommit: Int?

    func read(_ name: String) throws(StoreError) -> [UInt8]? { try records.read(name) }
    func names() throws(StoreError) -> [String] { try records.names() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        commits += 1
        if commits == failingCommit {
            throw StoreError.io(path: "memory", reason: "commit \(commits) refused by the test")
        }
        try records.commit(changes)
    }
}
