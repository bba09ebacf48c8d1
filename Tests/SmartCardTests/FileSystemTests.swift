import Testing

@testable import SmartCard

/// SELECT, READ/UPDATE BINARY and READ/UPDATE/APPEND RECORD on the default layout
/// (CardLayout.isoDefault), with the status word of each refusal (ISO/IEC 7816-4 §11.2–11.4).
@Suite("Card file system")
struct FileSystemTests {
    /// The objects inside an FCP (62) or FCI (6F) template.
    static func controlParameters(_ data: [UInt8]) throws -> [(tag: UInt16, value: [UInt8])] {
        let template = try #require(BERTLV.parse(data)?.first)
        return try #require(BERTLV.parse(template.value))
    }

    @Test("SELECT MF by FID, by empty data and by path; FCP describes the file")
    func selectMF() throws {
        let card = try TestCard()
        let fcp = card.send(0xA4, 0x00, 0x04, [0x3F, 0x00], ne: 256)
        #expect(fcp.sw == 0x9000)
        let objects = try #require(BERTLV.parse(fcp.data))
        #expect(objects.first?.tag == 0x62)
        let inner = try #require(BERTLV.parse(objects[0].value))
        #expect(BERTLV.value(0x82, in: inner) == [0x38])
        #expect(BERTLV.value(0x83, in: inner) == [0x3F, 0x00])
        #expect(card.send(0xA4, 0x00, 0x0C).sw == 0x9000)
        #expect(card.send(0xA4, 0x08, 0x0C, [0x50, 0x00, 0x50, 0x03]).sw == 0x9000)
    }

    @Test("FCP of a transparent EF has its size, descriptor 01 and short EF id; of a record EF the record layout")
    func fcpOfEFs() throws {
        let card = try TestCard()
        let transparent = card.send(0xA4, 0x08, 0x04, [0x50, 0x00, 0x50, 0x01], ne: 256)
        let inner = try Self.controlParameters(transparent.data)
        #expect(BERTLV.value(0x80, in: inner) == [0x00, 0x40])
        #expect(BERTLV.value(0x82, in: inner) == [0x01])
        #expect(BERTLV.value(0x88, in: inner) == [0x08])
        let records = card.send(0xA4, 0x02, 0x04, [0x50, 0x03], ne: 256)
        let recordInner = try Self.controlParameters(records.data)
        #expect(BERTLV.value(0x82, in: recordInner) == [0x02, 0x21, 0x00, 0x10, 0x02])
    }

    @Test("SELECT by FID finds children, the parent's children and the parent; P1 01/02/03 restrict the kind")
    func selectByFID() throws {
        let card = try TestCard()
        #expect(card.send(0xA4, 0x00, 0x0C, [0x50, 0x00]).sw == 0x9000)
        #expect(card.send(0xA4, 0x00, 0x0C, [0x60, 0x00]).sw == 0x9000, "a sibling DF: child of the parent")
        #expect(card.send(0xA4, 0x03, 0x0C).sw == 0x9000, "back to the MF")
        #expect(card.send(0xA4, 0x03, 0x0C).sw == 0x6A82, "the MF has no parent")
        #expect(card.send(0xA4, 0x01, 0x0C, [0x2F, 0x00]).sw == 0x6A82, "2F00 is an EF, not a DF")
        #expect(card.send(0xA4, 0x02, 0x0C, [0x2F, 0x00]).sw == 0x9000)
        #expect(card.send(0xA4, 0x02, 0x0C, [0x50, 0x00]).sw == 0x6A82, "5000 is a DF")
        #expect(card.send(0xA4, 0x00, 0x0C, [0x12, 0x34]).sw == 0x6A82)
        #expect(card.send(0xA4, 0x00, 0x0C, [0x12, 0x34, 0x56]).sw == 0x6A87)
        #expect(card.send(0xA4, 0x08, 0x0C, [0x50, 0x00, 0x50]).sw == 0x6A87)
        #expect(card.send(0xA4, 0x05, 0x0C, [0x50, 0x00]).sw == 0x6A86)
        #expect(card.send(0xA4, 0x00, 0x1C, [0x50, 0x00]).sw == 0x6A86)
        #expect(card.send(0xA4, 0x00, 0x0E, [0x50, 0x00]).sw == 0x6A86, "next occurrence needs P1 04")
    }

    @Test("SELECT by path from the current DF (P1 09)")
    func selectRelativePath() throws {
        let card = try TestCard()
        _ = card.send(0xA4, 0x00, 0x0C, [0x50, 0x00])
        #expect(card.send(0xA4, 0x09, 0x0C, [0x50, 0x02]).sw == 0x9000)
        #expect(card.send(0xA4, 0x09, 0x0C, [0x50, 0x00]).sw == 0x6A82, "5000 is not below 5000")
    }

    @Test("SELECT by DF name: full, partial, next occurrence, FCI with the name")
    func selectByName() throws {
        let card = try TestCard()
        let full = card.send(0xA4, 0x04, 0x00, CardLayout.firstAID, ne: 256)
        let fci = try #require(BERTLV.parse(full.data))
        #expect(full.sw == 0x9000 && fci.first?.tag == 0x6F)
        #expect(BERTLV.value(0x84, in: try Self.controlParameters(full.data)) == CardLayout.firstAID)
        let prefix = Array(CardLayout.firstAID.prefix(7))
        #expect(card.send(0xA4, 0x04, 0x0C, prefix).sw == 0x9000)
        #expect(card.send(0xB0, 0x81, 0, ne: 1).data == [0], "the first match is the first application")
        #expect(card.send(0xA4, 0x04, 0x02, prefix, ne: 256).sw == 0x9000, "next occurrence")
        #expect(card.send(0xB0, 0x81, 0, ne: 1).sw == 0x6A82, "the second application has no EFs")
        #expect(card.send(0xA4, 0x04, 0x0E, prefix).sw == 0x6A82, "no third occurrence")
        #expect(card.send(0xA4, 0x04, 0x0C, [0xA0, 0x00]).sw == 0x6A82)
    }

    @Test("READ BINARY: offsets, short EF id, 6282 at the end, 6B00 beyond it, 6986/6981/6700")
    func readBinary() throws {
        let card = try TestCard()
        #expect(card.send(0xB0, 0, 0, ne: 1).sw == 0x6986, "no current EF")
        _ = card.selectApplication()
        #expect(card.send(0xB0, 0x81, 0x3C, ne: 4).data == [60, 61, 62, 63])
        #expect(
            card.send(0xB0, 0x00, 0x3E, ne: 4) == TestCard.Reply(data: [62, 63], sw: 0x6282), "EF 5001 is current now")
        #expect(
            card.send(0xB0, 0x00, 0x3E, ne: 256) == TestCard.Reply(data: [62, 63], sw: 0x9000), "Le 00: up to the end")
        #expect(card.send(0xB0, 0x00, 0x41, ne: 1).sw == 0x6B00)
        #expect(card.send(0xB0, 0x00, 0x00).sw == 0x6700)
        #expect(card.send(0xB0, 0x9F, 0x00, ne: 1).sw == 0x6B00, "short EF id 31 names nothing")
        #expect(card.send(0xB0, 0x89, 0x00, ne: 1).sw == 0x6A82)
        #expect(card.send(0xB0, 0x83, 0x00, ne: 1).sw == 0x6981, "EF 5003 holds records")
        #expect(card.send(0xB1, 0x00, 0x00, ne: 1).sw == 0x6D00)
    }

    @Test("Extended Le reads a whole file in one response")
    func extendedRead() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        let all = card.send(CommandAPDU(ins: 0xB0, p1: 0x81, p2: 0, ne: 65536))
        #expect(all == TestCard.Reply(data: Array(0..<64), sw: 0x9000))
    }

    @Test("Access rules: read after PIN (6982 before), never-update, update after PIN, external key")
    func accessRules() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        #expect(card.send(0xB0, 0x82, 0, ne: 256).sw == 0x6982)
        #expect(card.send(0xD6, 0x81, 0, [9]).sw == 0x6982)
        #expect(card.send(0xB0, 0x85, 0, ne: 256).sw == 0x6982, "EF 5005 needs EXTERNAL AUTHENTICATE")
        #expect(card.verifyPIN().sw == 0x9000)
        #expect(card.send(0xB0, 0x82, 0, ne: 256) == TestCard.Reply(data: Array("secret".utf8), sw: 0x9000))
        #expect(card.send(0xD6, 0x82, 0, [9]).sw == 0x6982, "never")
        #expect(card.send(0xD6, 0x81, 0x3F, [9]).sw == 0x9000)
        #expect(card.send(0xB0, 0x81, 0x3F, ne: 1).data == [9])
        _ = card.os.powerOn()
        _ = card.selectApplication()
        #expect(card.send(0xB0, 0x82, 0, ne: 256).sw == 0x6982, "a reset forgets the PIN")
    }

    @Test("UPDATE BINARY: 6A84 past the end, 6B00 offset beyond it, 6700 without data")
    func updateBinaryErrors() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        _ = card.verifyPIN()
        #expect(card.send(0xD6, 0x81, 0x3F, [1, 2]).sw == 0x6A84)
        #expect(card.send(0xD6, 0x81, 0x41, [1]).sw == 0x6B00)
        #expect(card.send(0xD6, 0x81, 0x00).sw == 0x6700)
        #expect(card.send(0xD6, 0x83, 0x00, [1]).sw == 0x6981)
    }

    @Test("READ RECORD: by number, current record, all from P1, 6Cxx for a wrong Le, 6A83 missing")
    func readRecord() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        let sfi3: UInt8 = 3 << 3 | 0x04
        #expect(
            card.send(0xB2, 0x02, sfi3, ne: 256)
                == TestCard.Reply(data: [UInt8](repeating: 0x22, count: 16), sw: 0x9000))
        #expect(
            card.send(0xB2, 0x00, 0x04, ne: 16).data == [UInt8](repeating: 0x22, count: 16), "current EF and record")
        #expect(card.send(0xB2, 0x01, 0x04, ne: 10).sw == 0x6C10)
        #expect(card.send(0xB2, 0x03, 0x04, ne: 256).sw == 0x6A83)
        #expect(card.send(0xB2, 0x01, 4 << 3 | 0x05, ne: 256) == TestCard.Reply(data: [0x01, 0x02, 0x02], sw: 0x9000))
        #expect(card.send(0xB2, 0x01, 0x06, ne: 256).sw == 0x6A86)
        #expect(card.send(0xB2, 0x01, 0x0C).sw == 0x6700)
        #expect(card.send(0xB2, 0x01, 1 << 3 | 0x04, ne: 256).sw == 0x6981, "EF 5001 is transparent")
    }

    @Test("EF.DIR in the MF lists both applications")
    func directoryFile() throws {
        let card = try TestCard()
        let first = card.send(0xB2, 0x01, 30 << 3 | 0x04, ne: 256)
        #expect(first.data == BERTLV.encode(0x61, BERTLV.encode(0x4F, CardLayout.firstAID)))
    }

    @Test("UPDATE and APPEND RECORD: sizes, capacity, access")
    func writeRecords() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        let fixed: UInt8 = 3 << 3
        #expect(card.send(0xDC, 0x01, fixed | 0x04, [UInt8](repeating: 0x33, count: 16)).sw == 0x6982)
        _ = card.verifyPIN()
        #expect(card.send(0xDC, 0x01, fixed | 0x04, [0x33]).sw == 0x6700, "linear fixed: exactly 16 bytes")
        #expect(card.send(0xDC, 0x01, fixed | 0x04, [UInt8](repeating: 0x33, count: 16)).sw == 0x9000)
        #expect(card.send(0xDC, 0x05, fixed | 0x04, [UInt8](repeating: 0x33, count: 16)).sw == 0x6A83)
        #expect(card.send(0xDC, 0x01, fixed | 0x03, [UInt8](repeating: 0x33, count: 16)).sw == 0x6A86)
        #expect(card.send(0xE2, 0x00, fixed, [UInt8](repeating: 0x44, count: 16)).sw == 0x9000)
        #expect(card.send(0xE2, 0x00, fixed, [UInt8](repeating: 0x55, count: 16)).sw == 0x9000)
        #expect(card.send(0xE2, 0x00, fixed, [UInt8](repeating: 0x66, count: 16)).sw == 0x6A84, "four records at most")
        #expect(card.send(0xE2, 0x01, fixed, [UInt8](repeating: 0x66, count: 16)).sw == 0x6A86)
        #expect(
            card.send(0xB2, 0x00, 0x04, ne: 256).data == [UInt8](repeating: 0x55, count: 16),
            "APPEND made the new record current")
        #expect(card.send(0xB2, 0x01, fixed | 0x04, ne: 256).data == [UInt8](repeating: 0x33, count: 16))

        let variable: UInt8 = 4 << 3
        #expect(card.send(0xE2, 0x00, variable, [UInt8](repeating: 1, count: 33)).sw == 0x6700)
        #expect(card.send(0xE2, 0x00, variable, [7, 7, 7]).sw == 0x9000)
        #expect(card.send(0xDC, 0x01, variable | 0x04, [8, 8, 8, 8, 8]).sw == 0x9000)
        #expect(card.send(0xB2, 0x01, variable | 0x05, ne: 256).data == [8, 8, 8, 8, 8, 2, 2, 7, 7, 7])
        #expect(card.send(0xE2, 0x00, 1 << 3, [1]).sw == 0x6981, "EF 5001 is transparent")
    }
}
