import Testing

@testable import SmartCard

/// SELECT, GET DATA and PUT DATA of the OpenPGP application (OpenPGP card 3.4 §7.2.1, §7.2.6,
/// §7.2.8), through APDU bytes.
@Suite("OpenPGP data objects")
struct OpenPGPDataObjectTests {
    static let aid: [UInt8] = [
        0xD2, 0x76, 0x00, 0x01, 0x24, 0x01, 0x03, 0x04, 0xFF, 0xFE, 0x01, 0x35, 0x29, 0x03, 0x00, 0x00,
    ]

    @Test("SELECT with P2 00 or 0C answers 9000 without data; other P2 6A86; EF.DIR lists the AID")
    func select() throws {
        let card = try TestCard(profile: TestCard.openPGPProfile)
        #expect(card.selectOpenPGP() == TestCard.Reply(data: [], sw: 0x9000))
        #expect(card.selectOpenPGP(p2: 0x0C) == TestCard.Reply(data: [], sw: 0x9000))
        #expect(card.selectOpenPGP(p2: 0x04).sw == 0x6A86)
        #expect(card.send(0xA4, 0x00, 0x0C, [0x3F, 0x00]).sw == 0x9000)
        #expect(
            card.send(0xB2, 0x01, 30 << 3 | 0x04, ne: 256).data == BERTLV.encode(0x61, BERTLV.encode(0x4F, Self.aid)))
        #expect(card.getData(0x004F).sw == 0x6D00, "the file system has no GET DATA")
    }

    @Test("GET DATA: AID with the profile's serial, historical bytes, application related data 6E and its parts")
    func applicationRelatedData() throws {
        let card = try TestCard.openPGP()
        #expect(card.getData(0x004F).data == Self.aid)
        let historical = try #require(TestCard.openPGPProfile.card?.historicalByteValues)
        #expect(card.getData(0x5F52).data == historical)
        let related = try #require(BERTLV.parse(card.getData(0x006E).data))
        #expect(related.map(\.tag) == [0x4F, 0x5F52, 0x7F66, 0x7F74, 0x73])
        #expect(BERTLV.value(0x7F66, in: related) == [0x02, 0x02, 0x10, 0x00, 0x02, 0x02, 0x10, 0x00])
        let discretionaryBytes = try #require(BERTLV.value(0x73, in: related))
        let discretionary = try #require(BERTLV.parse(discretionaryBytes))
        #expect(discretionary.map(\.tag) == [0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCD, 0xDE])
        #expect(BERTLV.value(0xC0, in: discretionary) == [0x7C, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0xFF, 0x00, 0x01])
        for tag: UInt16 in [0xC1, 0xC2, 0xC3] {
            #expect(BERTLV.value(tag, in: discretionary) == [0x01, 0x08, 0x00, 0x00, 0x20, 0x00])
        }
        #expect(BERTLV.value(0xC4, in: discretionary) == [0x00, 0x7F, 0x7F, 0x7F, 0x03, 0x00, 0x03])
        #expect(BERTLV.value(0xC5, in: discretionary) == [UInt8](repeating: 0, count: 60))
        #expect(BERTLV.value(0xCD, in: discretionary) == [UInt8](repeating: 0, count: 12))
        #expect(BERTLV.value(0xDE, in: discretionary) == [0x01, 0x00, 0x02, 0x00, 0x03, 0x00])
        #expect(card.getData(0x00C4).data == [0x00, 0x7F, 0x7F, 0x7F, 0x03, 0x00, 0x03])
        #expect(card.getData(0x007A).data == [0x93, 0x03, 0x00, 0x00, 0x00])
        #expect(card.getData(0x7F74).data == [0x81, 0x01, 0x00])
        #expect(card.getData(0x0065).data == [0x5B, 0x00, 0x5F, 0x2D, 0x00, 0x5F, 0x35, 0x01, 0x39])
        #expect(card.getData(0x7F21) == TestCard.Reply(data: [], sw: 0x9000))
        #expect(card.getData(0x00F9).sw == 0x6A88, "no KDF-DO")
        #expect(card.send(CommandAPDU(ins: 0xCA, p1: 0x00, p2: 0x4F, data: [0x00], ne: 256)).sw == 0x6700)
    }

    @Test("PUT DATA needs PW3 (0101 and 0103 PW1 82); cardholder DOs, URL, login, certificates (SELECT DATA) read back")
    func cardholderData() throws {
        let card = try TestCard.openPGP()
        #expect(card.putData(0x005B, Array("Doe<<John".utf8)).sw == 0x6982)
        card.verifyAdmin()
        #expect(card.putData(0x005B, Array("Doe<<John".utf8)).sw == 0x9000)
        #expect(card.putData(0x5F2D, Array("ende".utf8)).sw == 0x9000)
        #expect(card.putData(0x5F35, [0x31]).sw == 0x9000)
        #expect(card.putData(0x5F35, [0x31, 0x32]).sw == 0x6700)
        #expect(card.putData(0x005B, [UInt8](repeating: 0x41, count: 40)).sw == 0x6700)
        #expect(
            card.getData(0x0065).data == BERTLV.encode(0x5B, Array("Doe<<John".utf8))
                + BERTLV.encode(0x5F2D, Array("ende".utf8))
                + BERTLV.encode(0x5F35, [0x31]))
        #expect(card.putData(0x5F50, Array("https://example.org/key.asc".utf8)).sw == 0x9000)
        #expect(card.getData(0x5F50).data == Array("https://example.org/key.asc".utf8))
        #expect(card.putData(0x005E, Array("john".utf8)).sw == 0x9000)
        #expect(card.getData(0x005E).data == Array("john".utf8))
        let certificate = [UInt8](repeating: 0x30, count: 1500)
        #expect(card.send(CommandAPDU(ins: 0xDA, p1: 0x7F, p2: 0x21, data: certificate)).sw == 0x9000)
        #expect(card.getData(0x7F21).data == certificate)
        #expect(card.putData(0x00F9, [0x81, 0x01, 0x00]).sw == 0x6A88)
        #expect(card.send(0xA5, 0x00, 0x04, [0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21]).sw == 0x9000, "SELECT DATA")
        #expect(card.send(0xA5, 0x00, 0x04, [0x5C, 0x02, 0x7F, 0x21]).sw == 0x9000)
        #expect(card.send(0xA5, 0x02, 0x04, [0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21]).sw == 0x9000)
        #expect(card.getData(0x7F21) == TestCard.Reply(data: [], sw: 0x9000), "the signature certificate is empty")
        #expect(card.send(CommandAPDU(ins: 0xDA, p1: 0x7F, p2: 0x21, data: [0x30, 0x00])).sw == 0x9000)
        #expect(card.getData(0x7F21).data == [0x30, 0x00])
        card.selectOpenPGP()
        #expect(card.getData(0x7F21).data == certificate, "SELECT goes back to the first")
        #expect(card.send(0xA5, 0x03, 0x04, [0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21]).sw == 0x6A86)
        #expect(card.send(0xA5, 0x00, 0x04, [0x60, 0x03, 0x5C, 0x01, 0x65]).sw == 0x6A88)
        #expect(card.send(0xA5, 0x00, 0x05, [0x5C, 0x02, 0x7F, 0x21]).sw == 0x6A86)
    }

    @Test(
        "Private-use DOs: 0101/0103 written after PW1 82, 0102/0104 after PW3; 0103 read after PW1 82, 0104 after PW3")
    func privateUse() throws {
        let card = try TestCard.openPGP()
        #expect(card.putData(0x0101, [1]).sw == 0x6982)
        #expect(card.getData(0x0103).sw == 0x6982)
        #expect(card.getData(0x0104).sw == 0x6982)
        card.verify(0x82, "123456")
        #expect(card.putData(0x0101, [1]).sw == 0x9000)
        #expect(card.putData(0x0103, [3]).sw == 0x9000)
        #expect(card.putData(0x0102, [2]).sw == 0x6982)
        card.verifyAdmin()
        #expect(card.putData(0x0102, [2]).sw == 0x9000)
        #expect(card.putData(0x0104, [4]).sw == 0x9000)
        #expect(card.putData(0x0104, [UInt8](repeating: 4, count: 256)).sw == 0x6700)
        #expect([0x0101, 0x0102, 0x0103, 0x0104].map { card.getData($0).data } == [[1], [2], [3], [4]])
    }

    @Test("Fingerprints, CA fingerprints and dates go to C5/C6/CD; C4's first byte; a wrong size is 6700")
    func keyData() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        let fingerprint = [UInt8](0..<20)
        #expect(card.putData(0x00C8, fingerprint).sw == 0x9000)
        #expect(card.putData(0x00CB, fingerprint).sw == 0x9000)
        #expect(card.putData(0x00D0, [0x65, 0x00, 0x00, 0x01]).sw == 0x9000)
        #expect(card.putData(0x00C7, [1, 2]).sw == 0x6700)
        #expect(
            card.getData(0x00C5).data == [UInt8](repeating: 0, count: 20) + fingerprint
                + [UInt8](repeating: 0, count: 20))
        #expect(
            card.getData(0x00C6).data == [UInt8](repeating: 0, count: 20) + fingerprint
                + [UInt8](repeating: 0, count: 20))
        #expect(card.getData(0x00CD).data == [0, 0, 0, 0, 0, 0, 0, 0, 0x65, 0, 0, 1])
        #expect(card.putData(0x00C4, [0x01]).sw == 0x9000)
        #expect(card.getData(0x00C4).data.first == 0x01)
        #expect(card.putData(0x00C4, [0x02]).sw == 0x6A80)
    }

    @Test("Algorithm attributes: RSA 2048/3072/4096, ECDSA and ECDH on P-256/P-384 by OID; others 6A80")
    func algorithmAttributes() throws {
        let card = try TestCard.openPGP()
        let p256: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
        let p384: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x22]
        #expect(card.putData(0x00C1, [0x13] + p256).sw == 0x6982)
        card.verifyAdmin()
        #expect(card.putData(0x00C1, [0x13] + p256).sw == 0x9000)
        #expect(card.putData(0x00C2, [0x12] + p384).sw == 0x9000)
        #expect(card.putData(0x00C3, [0x01, 0x10, 0x00, 0x00, 0x20, 0x00]).sw == 0x9000)
        #expect(card.getData(0x00C1).data == [0x13] + p256)
        #expect(card.getData(0x00C2).data == [0x12] + p384)
        #expect(card.getData(0x00C3).data == [0x01, 0x10, 0x00, 0x00, 0x20, 0x00])
        #expect(card.putData(0x00C3, [0x01, 0x0C, 0x00, 0x00, 0x20, 0x00]).sw == 0x9000, "RSA 3072")
        #expect(card.putData(0x00C1, [0x01, 0x04, 0x00, 0x00, 0x20, 0x00]).sw == 0x6A80, "RSA 1024")
        #expect(card.putData(0x00C1, [0x12] + p256).sw == 0x6A80, "ECDH on the signature key")
        #expect(card.putData(0x00C2, [0x13] + p256).sw == 0x6A80, "ECDSA on the decryption key")
        #expect(
            card.putData(0x00C1, [0x16, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]).sw == 0x6A80, "EdDSA")
        #expect(card.putData(0x00C1, [0x13, 0x2B, 0x81, 0x04, 0x00, 0x23]).sw == 0x6A80, "P-521")
    }
}
