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
}
