import DeviceStore
import Profiles
import Testing

@testable import SmartCard

/// The transmission rules of ISO/IEC 7816-4 §5: class and instruction checks, command
/// chaining, GET RESPONSE, and logical channels with their own current files.
@Suite("Card transmission")
struct TransmissionTests {
    @Test(
        "Power-on answers the profile's ATR, whose historical bytes are the profile's",
        arguments: ["iso7816-default", "piv-default", "openpgp-default"])
    func atr(profileName: String) throws {
        let profile = try ProfileLoader.load(profileName)
        let card = try TestCard(profile: profile)
        let section = try #require(profile.card)
        let atr = card.os.powerOn()
        #expect(atr == section.atrBytes)
        let historical = try #require(section.historicalByteValues)
        #expect(Array(atr[(atr.count - 1 - historical.count)..<(atr.count - 1)]) == historical)
        #expect(atr.dropFirst().reduce(0, ^) == 0, "TCK makes the XOR of T0…TCK zero")
    }

    @Test("The TPM profile still decodes and has no card section; a profile without one cannot make a card")
    func tpmProfile() throws {
        let tpm = try ProfileLoader.load(ProfileLoader.defaultTPMName)
        #expect(tpm.tpm != nil && tpm.card == nil)
        #expect(throws: CardError.self) { try CardOS(profile: tpm, store: MemoryStore()) }
    }

    @Test("Status words for bad class (6E00), unknown INS (6D00), short input (6700), secure messaging (6882)")
    func basicRefusals() throws {
        let card = try TestCard()
        #expect(card.send([0x80, 0xA4, 0x00, 0x00]).sw == 0x6E00)
        #expect(card.send([0xFF, 0xA4, 0x00, 0x00]).sw == 0x6E00)
        #expect(card.send([0x00, 0x12, 0x00, 0x00]).sw == 0x6D00)
        #expect(card.send([0x00, 0xA4]).sw == 0x6700)
        #expect(card.send([0x0C, 0xA4, 0x00, 0x0C]).sw == 0x6882)
    }

    @Test("Extended APDUs are refused with 6700 when the profile does not allow them")
    func extendedRefused() throws {
        var profile = TestCard.profile
        profile.card?.extendedLength = false
        let card = try TestCard(profile: profile)
        #expect(card.send(CommandAPDU(ins: 0xB0, p1: 0, p2: 0, ne: 300)).sw == 0x6700)
    }

    @Test("A chain is joined: UPDATE BINARY in three parts writes all of them")
    func chaining() throws {
        let card = try TestCard()
        #expect(card.selectApplication().sw == 0x9000)
        #expect(card.verifyPIN().sw == 0x9000)
        #expect(card.send(0xA4, 0x02, 0x0C, [0x50, 0x01]).sw == 0x9000)
        #expect(card.send(cla: 0x10, 0xD6, 0, 0, [1, 2, 3]).sw == 0x9000)
        #expect(card.send(cla: 0x10, 0xD6, 0, 0, [4, 5]).sw == 0x9000)
        #expect(card.send(0xD6, 0, 0, [6]).sw == 0x9000)
        #expect(card.send(0xB0, 0, 0, ne: 8) == TestCard.Reply(data: [1, 2, 3, 4, 5, 6, 6, 7], sw: 0x9000))
    }

    @Test("A chain interrupted by another instruction is dropped with 6883")
    func brokenChain() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        #expect(card.send(cla: 0x10, 0xD6, 0, 0, [1]).sw == 0x9000)
        #expect(card.send(0xB0, 0, 0, ne: 1).sw == 0x6883)
        #expect(card.send(0xB0, 0x81, 0, ne: 1) == TestCard.Reply(data: [0], sw: 0x9000), "the chain did not write")
    }

    @Test("A chain longer than the profile's limit is 6700")
    func chainTooLong() throws {
        var profile = TestCard.profile
        profile.card?.maxCommandDataLength = 8
        let card = try TestCard(profile: profile)
        #expect(card.send(cla: 0x10, 0xD6, 0, 0, [UInt8](repeating: 1, count: 6)).sw == 0x9000)
        #expect(card.send(cla: 0x10, 0xD6, 0, 0, [UInt8](repeating: 1, count: 6)).sw == 0x6700)
    }

    @Test("More data than Le: 61xx, then GET RESPONSE hands out the rest")
    func getResponse() throws {
        let card = try TestCard()
        _ = card.selectApplication()
        let first = card.send(0xB0, 0x81, 0, ne: 16)
        #expect(first.sw == 0x9000 && first.data == Array(0..<16))
        let noLe = card.send(0xA4, 0x02, 0x04, [0x50, 0x01])
        #expect(noLe.data.isEmpty && noLe.sw >> 8 == 0x61)
        let fcp = card.send(0xC0, 0, 0, ne: Int(noLe.sw & 0xFF))
        #expect(fcp.sw == 0x9000 && fcp.data.first == 0x62 && fcp.data.count == Int(noLe.sw & 0xFF))
        #expect(card.send(0xC0, 0, 0, ne: 0).sw == 0x6985, "nothing waits any more")
    }

    @Test("GET RESPONSE in parts: 61xx counts down; a specific Le above what waits is 6Cxx; bad P1-P2 6B00")
    func getResponseParts() throws {
        let card = try TestCard()
        let select = card.send(0xA4, 0x04, 0x00, CardLayout.firstAID)
        let total = Int(select.sw & 0xFF)
        #expect(select.sw >> 8 == 0x61 && total > 4)
        #expect(card.send(0xC0, 0, 1, ne: 2).sw == 0x6B00)
        let part = card.send(0xC0, 0, 0, ne: 2)
        #expect(part.data.count == 2 && part.sw == 0x6100 | UInt16(total - 2))
        #expect(card.send(0xC0, 0, 0, ne: total).sw == 0x6C00 | UInt16(total - 2))
        let rest = card.send(0xC0, 0, 0, ne: 256)
        #expect(rest.sw == 0x9000 && rest.data.count == total - 2)
    }

    @Test("Another command drops a waiting response")
    func pendingDropped() throws {
        let card = try TestCard()
        #expect(card.send(0xA4, 0x04, 0x00, CardLayout.firstAID).sw >> 8 == 0x61)
        #expect(card.send(0xA4, 0x00, 0x0C).sw == 0x9000)
        #expect(card.send(0xC0, 0, 0, ne: 0).sw == 0x6985)
    }

    @Test("MANAGE CHANNEL opens channels with their own current DF; closed channels answer 6881")
    func logicalChannels() throws {
        let card = try TestCard()
        let opened = card.send(0x70, 0x00, 0x00, ne: 1)
        #expect(opened == TestCard.Reply(data: [1], sw: 0x9000))
        #expect(card.selectApplication(channel: 0x01).sw == 0x9000)
        // Channel 1 is in the application, channel 0 still at the MF.
        #expect(card.send(cla: 0x01, 0xB0, 0x81, 0, ne: 1).data == [0])
        #expect(card.send(0xB0, 0x81, 0, ne: 1).data == [0x80], "EF 2F01 (short id 1) of the MF")
        #expect(card.send(0x70, 0x00, 0x03).sw == 0x9000, "open channel 3 by number")
        #expect(card.send(0x70, 0x00, 0x03).sw == 0x6A81, "already open")
        #expect(card.send(0x70, 0x00, 0x00, ne: 1).data == [2])
        #expect(card.send(0x70, 0x00, 0x00, ne: 1).sw == 0x6A81, "all four channels in use")
        #expect(card.send(cla: 0x01, 0x70, 0x80, 0x00).sw == 0x9000, "close the channel itself")
        #expect(card.send(cla: 0x01, 0xB0, 0x81, 0, ne: 1).sw == 0x6881)
        #expect(card.send(0x70, 0x80, 0x00).sw == 0x6A86, "the basic channel stays open")
        #expect(card.send(0x70, 0x40, 0x00).sw == 0x6A86)
        #expect(card.send(cla: 0x45, 0xA4, 0x00, 0x0C).sw == 0x6881, "channel 5 was never opened")
    }

    @Test("A channel opened from another channel starts in that channel's DF")
    func channelInheritsSelection() throws {
        let card = try TestCard()
        #expect(card.send(0x70, 0x00, 0x01).sw == 0x9000)
        _ = card.selectApplication(channel: 0x01)
        #expect(card.send(cla: 0x01, 0x70, 0x00, 0x00, ne: 1).data == [2])
        #expect(card.send(cla: 0x02, 0xB0, 0x81, 0, ne: 1).data == [0], "EF 5001 of the application")
    }

    @Test("A profile with one channel refuses MANAGE CHANNEL with 6881")
    func oneChannel() throws {
        var profile = TestCard.profile
        profile.card?.logicalChannels = 1
        #expect(try TestCard(profile: profile).send(0x70, 0x00, 0x00, ne: 1).sw == 0x6881)
    }
}
