import DeviceStore
import Testing

@testable import SmartCard

/// TERMINATE DF and ACTIVATE FILE (OpenPGP card 3.4 §7.2.16–7.2.17): the factory reset.
@Suite("OpenPGP factory reset")
struct OpenPGPLifeCycleTests {
    @Test("TERMINATE needs PW3; then everything but SELECT and ACTIVATE is 6285; ACTIVATE restores the defaults")
    func factoryReset() throws {
        let store = MemoryStore()
        do {
            let card = try TestCard.openPGP(store: store)
            #expect(card.send(0xE6, 0x00, 0x00).sw == 0x6982)
            card.verifyAdmin()
            card.generate(0xB6)
            card.putData(0x005B, Array("Name".utf8))
            #expect(card.send(0x24, 0x00, 0x81, Array("123456abcdef".utf8)).sw == 0x9000)
            #expect(card.send(0xE6, 0x00, 0x00).sw == 0x9000)
            #expect(card.getData(0x004F).sw == 0x6285)
            #expect(card.verify(0x81, "abcdef").sw == 0x6285)
        }
        let card = try TestCard(store: store, profile: TestCard.openPGPProfile)
        #expect(card.selectOpenPGP().sw == 0x6285, "terminated survives a restart")
        #expect(card.send(0x44, 0x00, 0x00).sw == 0x9000)
        #expect(card.selectOpenPGP().sw == 0x9000)
        #expect(card.generate(0xB6, p1: 0x81).sw == 0x6A88, "the key is gone")
        #expect(card.getData(0x0065).data == [0x5B, 0x00, 0x5F, 0x2D, 0x00, 0x5F, 0x35, 0x01, 0x39])
        #expect(card.verify(0x81, "123456").sw == 0x9000, "PW1 is the default again")
        #expect(card.send(0x44, 0x00, 0x00).sw == 0x9000, "ACTIVATE on an operational application changes nothing")
        #expect(card.send(0x20, 0x00, 0x81).sw == 0x9000)
    }

    @Test("A blocked PW3 allows TERMINATE without verification")
    func blockedAdmin() throws {
        let card = try TestCard.openPGP()
        for _ in 0..<3 { card.verify(0x83, "00000000") }
        #expect(card.send(0xE6, 0x00, 0x00).sw == 0x9000)
        #expect(card.send(0x44, 0x00, 0x00).sw == 0x9000)
        #expect(card.verifyAdmin().sw == 0x9000)
        #expect(card.send(0xE6, 0x01, 0x00).sw == 0x6A86)
    }

    @Test("GET CHALLENGE answers Ne random bytes")
    func challenge() throws {
        let card = try TestCard.openPGP()
        let reply = card.send(0x84, 0x00, 0x00, ne: 32)
        #expect(reply.sw == 0x9000 && reply.data.count == 32)
    }
}
