import Testing

@testable import SmartCard

/// VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (ISO/IEC 7816-4 §11.5.6–11.5.10):
/// try counters, 63Cx, 6983 and the PUK.
@Suite("Card PINs")
struct ReferenceDataTests {
    @Test("VERIFY: status query, wrong tries counting down to blocked, a right PIN restores the counter")
    func verify() throws {
        let card = try TestCard()
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x63C3)
        #expect(card.verifyPIN("000000").sw == 0x63C2)
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x63C2)
        #expect(card.verifyPIN().sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x9000, "verified")
        #expect(card.send(0x20, 0xFF, 0x01).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x63C3, "P1 FF forgot the verification; the counter is full again")
        #expect(card.verifyPIN("1").sw == 0x63C2, "a wrong length is a wrong try")
        #expect(card.verifyPIN("000000").sw == 0x63C1)
        #expect(card.verifyPIN("000000").sw == 0x63C0)
        #expect(card.verifyPIN().sw == 0x6983, "blocked, even for the right PIN")
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x6983)
    }

    @Test("VERIFY refusals: 6A88 unknown PIN, 6A86 bad P1, 6700 data with P1 FF")
    func verifyRefusals() throws {
        let card = try TestCard()
        #expect(card.send(0x20, 0x00, 0x09, [1, 2, 3, 4]).sw == 0x6A88)
        #expect(card.send(0x20, 0x01, 0x01, [1, 2, 3, 4]).sw == 0x6A86)
        #expect(card.send(0x20, 0xFF, 0x01, [1]).sw == 0x6700)
    }

    @Test("CHANGE REFERENCE DATA with the old PIN, and with P1 01 after VERIFY")
    func change() throws {
        let card = try TestCard()
        #expect(card.send(0x24, 0x00, 0x01, Array("000000".utf8) + Array("2468".utf8)).sw == 0x63C2)
        #expect(card.send(0x24, 0x00, 0x01, Array("123456".utf8) + Array("12".utf8)).sw == 0x6A80, "new PIN too short")
        #expect(card.send(0x24, 0x00, 0x01, Array("123456".utf8) + Array("2468".utf8)).sw == 0x9000)
        #expect(card.verifyPIN("123456").sw == 0x63C2)
        #expect(card.verifyPIN("2468").sw == 0x9000)
        #expect(card.send(0x24, 0x01, 0x01, Array("97531".utf8)).sw == 0x9000)
        _ = card.os.powerOn()
        #expect(card.send(0x24, 0x01, 0x01, Array("11111".utf8)).sw == 0x6982, "P1 01 needs a verified PIN")
        #expect(card.verifyPIN("97531").sw == 0x9000)
        #expect(card.send(0x24, 0x02, 0x01, Array("11111".utf8)).sw == 0x6A86)
        #expect(card.send(0x24, 0x00, 0x01).sw == 0x6700)
    }

    @Test("RESET RETRY COUNTER: PUK with a new PIN, PUK only, and after a verified PUK")
    func resetRetryCounter() throws {
        let card = try TestCard()
        for _ in 0..<3 { _ = card.verifyPIN("000000") }
        #expect(card.verifyPIN().sw == 0x6983)
        #expect(card.send(0x2C, 0x00, 0x01, Array("00000000".utf8) + Array("4321".utf8)).sw == 0x63C4, "wrong PUK")
        #expect(card.send(0x2C, 0x00, 0x01, Array("12345678".utf8) + Array("4321".utf8)).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x01).sw == 0x63C3, "unblocked, not verified")
        #expect(card.verifyPIN("4321").sw == 0x9000)

        for _ in 0..<3 { _ = card.verifyPIN("000000") }
        #expect(card.send(0x2C, 0x01, 0x01, Array("12345678".utf8)).sw == 0x9000)
        #expect(card.verifyPIN("4321").sw == 0x9000, "P1 01 keeps the PIN")

        #expect(card.send(0x2C, 0x02, 0x01, Array("5555".utf8)).sw == 0x9000, "the PUK was verified by the last reset")
        #expect(card.verifyPIN("5555").sw == 0x9000)
        _ = card.os.powerOn()
        #expect(card.send(0x2C, 0x03, 0x01).sw == 0x6982, "PUK not verified since power-on")
        #expect(card.send(0x20, 0x00, 0x02, Array("12345678".utf8)).sw == 0x9000)
        #expect(card.send(0x2C, 0x03, 0x01).sw == 0x9000)
    }

    @Test("RESET RETRY COUNTER refusals: 6A86, 6A88, 6985 without a PUK, 6A80, 6983 blocked PUK")
    func resetRefusals() throws {
        let card = try TestCard()
        #expect(card.send(0x2C, 0x04, 0x01).sw == 0x6A86)
        #expect(card.send(0x2C, 0x01, 0x09, [1]).sw == 0x6A88)
        #expect(card.send(0x2C, 0x01, 0x02, Array("12345678".utf8)).sw == 0x6985, "nothing resets the PUK")
        #expect(card.send(0x2C, 0x00, 0x01, Array("12345678".utf8) + [1]).sw == 0x6A80)
        #expect(card.send(0x2C, 0x01, 0x01).sw == 0x6700)
        for _ in 0..<5 { _ = card.send(0x2C, 0x01, 0x01, Array("00000000".utf8)) }
        #expect(card.send(0x2C, 0x01, 0x01, Array("12345678".utf8)).sw == 0x6983)
    }
}
