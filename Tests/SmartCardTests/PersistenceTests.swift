import DeviceStore
import Foundation
import TrustCrypto
import Testing
@testable import SmartCard

/// The card's state goes through DeviceStore: it survives reopening a folder, and a wrong-PIN
/// VERIFY cut at any write point never leaves more tries than the card reported before.
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
        let digest = Hash.digest(.sha256, Array("kept".utf8))
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
        #expect(try store.names().contains("card-files") && store.names().contains("card-pin-01") && store.names().contains("card-key-03"))
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
        let publicKey = try ECC.PublicKey(curve: .nistP256, point: ECCPoint(x: Array(point[1...32]), y: Array(point[33...])))
        #expect(publicKey.isValidECDSASignature(r: Array(signature.prefix(32)), s: Array(signature.suffix(32)), digest: digest),
                "the generated key is the same key after reopening")
    }

    @Test("A card whose records do not decode refuses to start with a sentence")
    func corruptRecord() throws {
        let store = MemoryStore()
        try store.write("card-files", Array("not json".utf8))
        #expect(throws: CardError.self) { try CardOS(profile: TestCard.profile, store: store) }
    }

    /// The tries VERIFY with no data reports on a card restarted from `files`.
    static func triesAfterRestart(_ files: [String: [UInt8]]) throws -> UInt16 {
        let card = try TestCard(store: try RecordStore(medium: SimulatedMedium(files: files)))
        return card.send(0x20, 0x00, 0x01).sw
    }

    /// The property an attacker who cuts power after the comparison would break: every cut
    /// leaves at most the tries reported before, and a result that left the card had its try
    /// durable first; cuts during the right PIN's give-back leave the try spent (63C1).
    @Test("Tear-safe VERIFY: cut at each write point of a wrong or right PIN, clean or torn, never gains a try",
          arguments: ["000000", "123456"], [false, true])
    func tearSafeVerify(pin: String, torn: Bool) throws {
        let setup = SimulatedMedium()
        let reported: UInt16
        do {
            let card = try TestCard(store: try RecordStore(medium: setup))
            #expect(card.verifyPIN("999999").sw == 0x63C2)
            reported = card.send(0x20, 0x00, 0x01).sw
        }
        #expect(reported == 0x63C2)
        let before = setup.snapshot

        let counting = SimulatedMedium(files: before)
        let countingCard = try TestCard(store: try RecordStore(medium: counting))
        let start = counting.writePoints
        let uncut = countingCard.verifyPIN(pin).sw
        let writePoints = counting.writePoints - start
        #expect(writePoints >= 2, "the spent try is a transaction before the comparison")
        if pin == "123456" {
            // A right PIN costs a try first and gets it back after: a card that compared first
            // would not write at all, and a cut would never leave the try spent.
            #expect(writePoints >= 4, "spend, compare, give back: two transactions")
        }

        for point in 1...writePoints {
            let medium = SimulatedMedium(files: before)
            let card = try TestCard(store: try RecordStore(medium: medium))
            medium.cut(at: point, torn: torn)
            let answer = card.verifyPIN(pin).sw
            let after = try Self.triesAfterRestart(medium.snapshot)
            #expect(after == 0x63C2 || after == 0x63C1, "cut at \(point): \(after) must not exceed the 2 tries reported")
            if answer == 0x63C1 || answer == 0x9000 {
                // The comparison's result left the card: its try was durable before it.
                #expect(answer == uncut)
                #expect(pin == "123456" || after == 0x63C1, "cut at \(point): a revealed wrong guess must have cost a try")
            } else {
                #expect(answer == 0x6581, "cut at \(point): the card answers memory failure, not the comparison")
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
}
