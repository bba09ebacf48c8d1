import DeviceStore
import Testing
import TrustCrypto

@testable import SmartCard

/// PIV selection, the data objects, and the card management key (SP 800-73-4 Part 2 §3.1,
/// §3.2.4) with the Yubico commands that manage it.
@Suite("PIV application and management key")
struct PIVManagementTests {
    @Test("SELECT by the short AID answers the property template 61 with the PIX and algorithms, even without Le")
    func select() throws {
        let card = try TestCard.piv()
        let reply = card.selectPIV()
        #expect(reply.sw == 0x9000)
        let template = try #require(BERTLV.parse(reply.data)?.first)
        #expect(template.tag == 0x61)
        let fields = try #require(BERTLV.parse(template.value))
        #expect(BERTLV.value(0x4F, in: fields) == [0x00, 0x00, 0x10, 0x00, 0x01, 0x00])
        let algorithms = try #require(BERTLV.parse(BERTLV.value(0xAC, in: fields) ?? []))
        #expect(algorithms.filter { $0.tag == 0x80 }.map(\.value).contains([0x11]))
        #expect(card.send(0xA4, 0x04, 0x04, TestCard.pivAID).sw == 0x6A86)
    }

    @Test("Management key: mutual authentication with the default 3DES key; a wrong key is refused with 6982")
    func mutualAuthentication() throws {
        let card = try TestCard.piv()
        #expect(card.generatePIV(slot: 0x9A, algorithm: 0x11).sw == 0x6982)
        #expect(try card.authenticateManagementKey(Array(repeating: 0x11, count: 24)).sw == 0x6982)
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.generatePIV(slot: 0x9A, algorithm: 0x11).sw == 0x9000)
    }

    @Test(
        "Data objects: discovery readable, PUT DATA after the management key, an empty 53 deletes, unknown tags refused"
    )
    func dataObjects() throws {
        let card = try TestCard.piv()
        let getData = { (tag: [UInt8]) in
            card.sendCollecting(
                CommandAPDU(cla: 0, ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [0x5C, UInt8(tag.count)] + tag, ne: 256))
        }
        let discovery = getData([0x7E])
        #expect(discovery.sw == 0x9000 && discovery.data.first == 0x7E)
        #expect(getData([0x5F, 0xC1, 0x02]).data.first == 0x53, "a CHUID from personalization")
        #expect(getData([0x5F, 0xC1, 0x05]).sw == 0x6A82)
        let certificate: [UInt8] = [
            0x5C, 0x03, 0x5F, 0xC1, 0x05, 0x53, 0x09, 0x70, 0x02, 0x30, 0x00, 0x71, 0x01, 0x00, 0xFE, 0x00,
        ]
        #expect(card.send(0xDB, 0x3F, 0xFF, certificate).sw == 0x6982)
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.send(0xDB, 0x3F, 0xFF, certificate).sw == 0x9000)
        #expect(getData([0x5F, 0xC1, 0x05]).data == Array(certificate.dropFirst(5)))
        #expect(card.send(0xDB, 0x3F, 0xFF, [0x5C, 0x03, 0x5F, 0xC1, 0x05, 0x53, 0x00]).sw == 0x9000)
        #expect(getData([0x5F, 0xC1, 0x05]).sw == 0x6A82, "deleted")
        #expect(card.send(0xDB, 0x3F, 0xFF, [0x5C, 0x03, 0x5F, 0xC0, 0x01, 0x53, 0x00]).sw == 0x6A80)
        #expect(card.send(0xDB, 0x3F, 0xFF, [0x5C, 0x01, 0x7E, 0x53, 0x00]).sw == 0x6A81)
        #expect(getData([0x5F, 0xC1, 0x09]).sw == 0x6A82)
    }

    @Test(
        "Yubico management: version and serial from the profile; reset only when PIN and PUK are blocked; retries need PIN and key"
    )
    func yubicoManagement() throws {
        let card = try TestCard.piv()
        #expect(card.send(0xFD, 0x00, 0x00, ne: 256).data == [5, 4, 3])
        #expect(card.send(0xF8, 0x00, 0x00, ne: 256).data == [0x01, 0x35, 0x29, 0x03])
        #expect(card.send(0xFB, 0x00, 0x00).sw == 0x6985)
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.send(0xFA, 0x05, 0x04).sw == 0x6982, "the PIN too")
        #expect(card.verifyPIV().sw == 0x9000)
        #expect(card.send(0xFA, 0x05, 0x04).sw == 0x9000)
        #expect(card.send(0x20, 0x00, 0x80).sw == 0x63C5)
        let newKey = [UInt8](repeating: 0x42, count: 32)
        #expect(card.send(0xFF, 0xFF, 0xFF, [0x0C, 0x9B, 0x20] + newKey).sw == 0x9000)
        #expect(
            card.send(0xFF, 0xFF, 0xFF, [0x0C, 0x9B, 0x10] + newKey.prefix(16)).sw == 0x6A80, "AES-256 takes 32 bytes")
        #expect(try card.authenticateManagementKey().sw != 0x9000, "the old key is gone")
        #expect(try card.authenticateManagementKey(newKey, algorithm: 0x0C).sw == 0x9000)
        for _ in 0..<5 { _ = card.verifyPIV("000000") }
        for _ in 0..<4 { _ = card.send(0x2C, 0x00, 0x80, PIVState.padded("00000000") + PIVState.padded("111111")) }
        #expect(card.send(0xFB, 0x00, 0x00).sw == 0x9000)
        #expect(card.verifyPIV().sw == 0x9000, "the default PIN is back")
        #expect(try card.authenticateManagementKey().sw == 0x9000, "the default management key is back")
    }

    @Test("A profile's algorithm list limits what PIV generates, imports and advertises; an unknown name is a sentence")
    func profileAlgorithms() throws {
        var profile = TestCard.pivProfile
        profile.card?.algorithms = ["tdes", "rsa2048", "ecP256"]
        let card = try TestCard(profile: profile)
        let template = try #require(BERTLV.parse(card.selectPIV().data)?.first)
        let offered = try #require(BERTLV.parse(BERTLV.value(0xAC, in: BERTLV.parse(template.value) ?? []) ?? []))
        #expect(offered.filter { $0.tag == 0x80 }.map(\.value) == [[0x03], [0x07], [0x11]])
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.generatePIV(slot: 0x9A, algorithm: 0x14).sw == 0x6A80)
        #expect(card.generatePIV(slot: 0x9A, algorithm: 0x11).sw == 0x9000)
        #expect(
            card.send(0xFF, 0xFF, 0xFF, [0x08, 0x9B, 0x10] + [UInt8](repeating: 7, count: 16)).sw == 0x6A80, "no AES")

        profile.card?.algorithms = ["ecP521"]
        #expect(throws: CardError.self) { try CardOS(profile: profile, store: MemoryStore()) }
    }
}
