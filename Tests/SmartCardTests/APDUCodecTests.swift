import Testing

@testable import SmartCard

/// ISO/IEC 7816-4 §5.1 Table 1: the four cases in short and extended form, and lengths that
/// do not add up (6700).
@Suite("APDU codec")
struct APDUCodecTests {
    @Test("Case 1: header only")
    func case1() throws {
        let apdu = try CommandAPDU.parse([0x00, 0xA4, 0x00, 0x00])
        #expect(apdu.data.isEmpty && apdu.ne == nil && !apdu.isExtended)
    }

    @Test("Case 2 short: Le 00 means 256")
    func case2Short() throws {
        #expect(try CommandAPDU.parse([0, 0xB0, 0, 0, 0x10]).ne == 16)
        #expect(try CommandAPDU.parse([0, 0xB0, 0, 0, 0x00]).ne == 256)
    }

    @Test("Case 3 and 4 short")
    func cases3And4Short() throws {
        let case3 = try CommandAPDU.parse([0, 0xD6, 0, 0, 2, 0xAA, 0xBB])
        #expect(case3.data == [0xAA, 0xBB] && case3.ne == nil)
        let case4 = try CommandAPDU.parse([0, 0xA4, 4, 0, 2, 0x3F, 0x00, 0x00])
        #expect(case4.data == [0x3F, 0x00] && case4.ne == 256)
    }

    @Test("Extended cases 2E, 3E, 4E; Le 0000 means 65536")
    func extendedCases() throws {
        let case2 = try CommandAPDU.parse([0, 0xB0, 0, 0, 0, 0x01, 0x00])
        #expect(case2.ne == 256 && case2.isExtended)
        #expect(try CommandAPDU.parse([0, 0xB0, 0, 0, 0, 0, 0]).ne == 65536)
        let data = [UInt8](repeating: 7, count: 300)
        let case3 = try CommandAPDU.parse([0, 0xD6, 0, 0, 0, 0x01, 0x2C] + data)
        #expect(case3.data == data && case3.ne == nil)
        let case4 = try CommandAPDU.parse([0, 0x2A, 0x9E, 0x9A, 0, 0x01, 0x2C] + data + [0, 0])
        #expect(case4.data == data && case4.ne == 65536)
    }

    @Test(
        "Lengths that do not add up are 6700",
        arguments: [
            [0x00, 0xA4, 0x00],  // shorter than a header
            [0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F],  // Lc 2, one byte
            [0x00, 0xA4, 0x00, 0x00, 0x01, 0x3F, 0x00, 0x00],  // Lc 1, three bytes after it
            [0x00, 0xB0, 0x00, 0x00, 0x00, 0x01],  // B1 = 00 with six bytes
            [0x00, 0xD6, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],  // extended Lc 0000 with data
            [0x00, 0xD6, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01],  // extended Lc 3, one byte
        ] as [[UInt8]])
    func malformed(bytes: [UInt8]) {
        #expect(throws: StatusWord.wrongLength) { try CommandAPDU.parse(bytes) }
    }

    @Test("Encoding round-trips in short and extended form")
    func roundTrip() throws {
        let apdus = [
            CommandAPDU(ins: 0xA4, p1: 4, p2: 0, data: [1, 2, 3], ne: 256),
            CommandAPDU(ins: 0xB0, p1: 0, p2: 0, ne: 65536),
            CommandAPDU(ins: 0xD6, p1: 0, p2: 0, data: [UInt8](repeating: 1, count: 400)),
            CommandAPDU(ins: 0x2A, p1: 0x80, p2: 0x86, data: [UInt8](repeating: 2, count: 257), ne: 256),
            CommandAPDU(ins: 0x20, p1: 0, p2: 1),
        ]
        for apdu in apdus { #expect(try CommandAPDU.parse(apdu.bytes) == apdu) }
    }

    @Test("Class byte: channels 0–19, chaining, secure messaging; proprietary and RFU classes refused")
    func classByte() throws {
        let basic = try ClassByte(0x03)
        let chained = try ClassByte(0x13)
        let further = try ClassByte(0x4F)
        #expect(basic.channel == 3 && !basic.isChained && !basic.hasSecureMessaging)
        #expect(chained.channel == 3 && chained.isChained)
        #expect(further.channel == 19 && !further.isChained && !further.hasSecureMessaging)
        #expect(try ClassByte(0x70).isChained && ClassByte(0x70).hasSecureMessaging)
        #expect(try ClassByte(0x0C).hasSecureMessaging)
        for cla: UInt8 in [0x80, 0xA0, 0xFF, 0x20] {
            #expect(throws: StatusWord.classNotSupported) { try ClassByte(cla) }
        }
    }

    @Test("BER-TLV: long lengths and two-byte tags parse back; truncation is refused")
    func berTLV() throws {
        let value = [UInt8](repeating: 9, count: 300)
        let encoded = BERTLV.encode(0x7F49, BERTLV.encode(0x81, value))
        let outer = try #require(BERTLV.parse(encoded))
        #expect(outer.count == 1 && outer[0].tag == 0x7F49)
        #expect(BERTLV.value(0x81, in: try #require(BERTLV.parse(outer[0].value))) == value)
        #expect(BERTLV.parse(Array(encoded.dropLast())) == nil)
    }
}
