import DeviceStore
import Foundation
import Testing

@testable import SmartCard

/// PW1, PW3 and the resetting code (OpenPGP card 3.4 §7.2.2–7.2.4): wrong tries are counted and
/// durable, a blocked password stays blocked across a restart, the resetting code or PW3 unblocks PW1.
@Suite("OpenPGP passwords")
struct OpenPGPPasswordTests {
    @Test("VERIFY 81/82/83 with the defaults; empty data asks the status; P1 FF forgets; other P2 6A86")
    func verify() throws {
        let card = try TestCard.openPGP()
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x63C3)
        #expect(card.verify(0x81, "123456").sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x82).sw == 0x63C3, "81 does not grant 82")
        #expect(card.verify(0x82, "123456").sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x9000, "82 keeps 81")
        #expect(card.send(0x20, 0xFF, 0x81).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x63C3)
        #expect(card.send(0x20, 0x00, 0x82).sw == 0x9000)
        #expect(card.verify(0x83, "123456").sw == 0x63C2, "PW1's value is not PW3")
        #expect(card.verifyAdmin().sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x83).sw == 0x9000)
        #expect(card.verify(0x84, "12345678").sw == 0x6A86)
        #expect(card.send(0x20, 0x01, 0x81, Array("123456".utf8)).sw == 0x6A86)
        #expect(card.send(0x20, 0xFF, 0x81, [0x31]).sw == 0x6700)
    }

    @Test("Wrong PW1 counts down to 6983; blocked stays blocked after reopening the same MemoryStore")
    func blockedSurvivesRestart() throws {
        let store = MemoryStore()
        do {
            let card = try TestCard.openPGP(store: store)
            #expect(card.verify(0x81, "000000").sw == 0x63C2)
            #expect(card.verify(0x82, "12345").sw == 0x63C1, "a short PIN is a wrong try")
            #expect(card.getData(0x00C4).data.suffix(3) == [0x01, 0x00, 0x03])
            #expect(card.verify(0x81, "000000").sw == 0x63C0)
            #expect(card.verify(0x81, "123456").sw == 0x6983)
        }
        let card = try TestCard.openPGP(store: store)
        #expect(card.verify(0x81, "123456").sw == 0x6983)
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x6983)
        #expect(card.getData(0x00C4).data.suffix(3) == [0x00, 0x00, 0x03])
    }

    @Test("Blocked PW3 stays blocked across a DirectoryStore reopen; a right PW1 restores its counter")
    func directoryStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openpgp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let card = try TestCard.openPGP(store: try DirectoryStore(directory: folder))
            for _ in 0..<3 { card.verify(0x83, "00000000") }
            #expect(card.verify(0x81, "000000").sw == 0x63C2)
            #expect(card.verify(0x81, "123456").sw == 0x9000)
        }
        let store = try DirectoryStore(directory: folder)
        #expect(try store.names().contains("openpgp-pins") && store.names().contains("openpgp-keys"))
        let card = try TestCard.openPGP(store: store)
        #expect(card.verifyAdmin().sw == 0x6983)
        #expect(card.getData(0x00C4).data.suffix(3) == [0x03, 0x00, 0x00])
    }

    @Test("A PIN try writes only the pins record, never the key material")
    func triesRewriteOnlyPins() throws {
        let store = MemoryStore()
        let card = try TestCard.openPGP(store: store)
        let before = try ["openpgp-keys", "openpgp-data", "openpgp-counter"].map { try store.read($0) }
        card.verify(0x81, "000000")
        #expect(try ["openpgp-keys", "openpgp-data", "openpgp-counter"].map { try store.read($0) } == before)
        #expect(try store.read("openpgp-pins") != nil)
    }

    @Test("CHANGE REFERENCE DATA 81/83: old then new; new too short 6A80; wrong old counted; P1 01 6A86")
    func change() throws {
        let card = try TestCard.openPGP()
        #expect(card.send(0x24, 0x00, 0x81, Array("12345612345".utf8)).sw == 0x6A80, "PW1 needs 6")
        #expect(card.send(0x24, 0x00, 0x81, Array("000000654321".utf8)).sw == 0x63C2)
        #expect(card.send(0x24, 0x00, 0x81, Array("123456654321".utf8)).sw == 0x9000)
        #expect(card.verify(0x81, "123456").sw == 0x63C2)
        #expect(card.verify(0x81, "654321").sw == 0x9000)
        #expect(card.send(0x24, 0x00, 0x83, Array("123456781234567".utf8)).sw == 0x6A80, "PW3 needs 8")
        #expect(card.send(0x24, 0x00, 0x83, Array("12345678abcdefgh".utf8)).sw == 0x9000)
        #expect(card.verify(0x83, "abcdefgh").sw == 0x9000)
        #expect(card.send(0x24, 0x01, 0x81, Array("654321".utf8)).sw == 0x6A86)
        #expect(card.send(0x24, 0x00, 0x82, Array("654321123456".utf8)).sw == 0x6A86)
    }

    @Test("Resetting code (D3) unblocks PW1 with a new value; unset it is 6983; a wrong one is counted")
    func resettingCode() throws {
        let card = try TestCard.openPGP()
        for _ in 0..<3 { card.verify(0x81, "000000") }
        #expect(card.verify(0x81, "123456").sw == 0x6983)
        #expect(card.send(0x2C, 0x00, 0x81, Array("resetme1newpin".utf8)).sw == 0x6983, "no resetting code yet")
        card.verifyAdmin()
        #expect(card.putData(0x00D3, Array("short".utf8)).sw == 0x6A80)
        #expect(card.putData(0x00D3, Array("resetme1".utf8)).sw == 0x9000)
        #expect(card.getData(0x00C4).data.suffix(3) == [0x00, 0x03, 0x03])
        #expect(card.send(0x2C, 0x00, 0x81, Array("resetme2newpin".utf8)).sw == 0x63C2)
        #expect(card.send(0x2C, 0x00, 0x81, Array("resetme1abc".utf8)).sw == 0x6A80, "new PW1 too short")
        #expect(card.send(0x2C, 0x00, 0x81, Array("resetme1newpin".utf8)).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x63C3, "unblocked, not verified")
        #expect(card.verify(0x81, "newpin").sw == 0x9000)
        #expect(card.putData(0x00D3, []).sw == 0x9000)
        #expect(card.getData(0x00C4).data.suffix(3) == [0x03, 0x00, 0x03])
    }

    @Test("RESET RETRY COUNTER P1 02 sets PW1 after PW3; 6982 without it; other P1/P2 6A86")
    func resetByAdmin() throws {
        let card = try TestCard.openPGP()
        for _ in 0..<3 { card.verify(0x81, "000000") }
        #expect(card.send(0x2C, 0x02, 0x81, Array("abcdef".utf8)).sw == 0x6982)
        card.verifyAdmin()
        #expect(card.send(0x2C, 0x02, 0x81, Array("abc".utf8)).sw == 0x6A80)
        #expect(card.send(0x2C, 0x02, 0x81, Array("abcdef".utf8)).sw == 0x9000)
        #expect(card.verify(0x81, "abcdef").sw == 0x9000)
        #expect(card.send(0x2C, 0x01, 0x81, Array("abcdef".utf8)).sw == 0x6A86)
        #expect(card.send(0x2C, 0x02, 0x83, Array("abcdefgh".utf8)).sw == 0x6A86)
    }
}
