import DeviceStore
import Profiles
import Testing

@testable import SmartCard

/// The card OS keeps each hosted application's state and session by type, under the record
/// prefix the application declares, without knowing any application by name.
@Suite("Hosted applications")
struct HostedApplicationTests {
    @Test("An application's records survive a profile that does not name it, untouched, and serve it again later")
    func recordsOfAnUnnamedApplicationStay() throws {
        let store = MemoryStore()
        do {
            let card = try TestCard.openPGP(store: store)
            #expect(card.send(0x24, 0x00, 0x81, Array("123456".utf8) + Array("654321".utf8)).sw == 0x9000)
        }
        let openPGPRecords = try store.names().filter { $0.hasPrefix(OpenPGPState.recordPrefix) }
        #expect(!openPGPRecords.isEmpty)
        let before = try openPGPRecords.map { try store.read($0) }

        var plain = TestCard.openPGPProfile
        plain.card?.applications = nil
        do {
            let card = try TestCard(store: store, profile: plain)
            #expect(card.os.state[OpenPGPState.self] == nil, "a profile without OpenPGP does not load its state")
            #expect(
                card.send(0xA4, 0x04, 0x00, TestCard.openPGPPrefix).sw == 0x6A82, "nor does it host the application")
        }
        #expect(
            try openPGPRecords.map { try store.read($0) } == before,
            "records of an application the profile does not name are left as they were")

        let card = try TestCard.openPGP(store: store)
        #expect(card.verify(0x81, "654321").sw == 0x9000, "the changed PW1 is back with the application")
    }

    @Test("Each application's session is its own and starts over when the channel leaves it")
    func sessionsAreKeyedByApplication() throws {
        let card = try TestCard.openPGP()
        #expect(card.verify(0x82, "123456").sw == 0x9000)
        #expect(card.os.session.openPGP.verified.contains(0x82))
        #expect(card.os.session.piv.verifiedPins.isEmpty, "another application's session is untouched")
        #expect(card.send(0xA4, 0x00, 0x0C, [0x3F, 0x00]).sw == 0x9000)
        #expect(card.os.session.openPGP.verified.isEmpty, "leaving the application forgets its security status")
    }

    @Test("A profile naming an application this build lacks gets a sentence listing the ones it hosts")
    func unknownApplication() throws {
        var profile = TestCard.openPGPProfile
        profile.card?.applications = ["openpgp", "fido"]
        #expect(
            throws: CardError(
                "profile openpgp-default: card.applications names \"fido\"; the applications this card OS hosts are piv, openpgp"
            )
        ) {
            _ = try CardOS(profile: profile, store: MemoryStore())
        }
    }

    @Test("Every hosted application declares a record prefix no other application and not the core uses")
    func recordPrefixesAreDisjoint() throws {
        var profile = TestCard.openPGPProfile
        profile.card?.applications = HostedApplications.factories.map(\.name)
        let card = try CardOS(profile: profile, store: MemoryStore())
        let prefixes = card.applications.map { $0.stateType.recordPrefix }
        #expect(Set(prefixes).count == prefixes.count)
        for prefix in prefixes {
            #expect(!prefix.hasPrefix(CardState.corePrefix) && !CardState.corePrefix.hasPrefix(prefix))
        }
    }
}
