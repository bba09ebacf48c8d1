import DeviceStore
import Testing
import TrustCrypto

@testable import SmartCard

/// What a review of the OpenPGP application found: PW1's two states stay one password, a
/// signature attempt spends PW1 81, damaged records are refused at start-up, imports are
/// checked, and GET NEXT DATA walks the cardholder certificates.
@Suite("OpenPGP security status and robustness")
struct OpenPGPStatusTests {
    static let digestInfo = [UInt8](repeating: 0x11, count: 51)

    @Test("Changing PW1 verifies neither of its states; a wrong PW1 takes back both")
    func pw1States() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.generate(0xB6).sw == 0x9000)
        #expect(card.verify(0x82, "123456").sw == 0x9000)
        #expect(card.send(0x24, 0x00, 0x81, Array("123456".utf8) + Array("654321".utf8)).sw == 0x9000)
        #expect(card.sign(Self.digestInfo).sw == 0x6982, "a CHANGE is not a VERIFY for signing")
        #expect(card.verify(0x82, "").sw == 0x63C3, "nor for the other operations")

        #expect(card.verify(0x81, "654321").sw == 0x9000)
        #expect(card.verify(0x82, "000000").sw == 0x63C2)
        #expect(card.sign(Self.digestInfo).sw == 0x6982, "the wrong PW1 took back 81 too")
    }

    @Test("A signature attempt spends PW1 81 even when it fails")
    func failedSignatureSpendsPW1() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.generate(0xB6).sw == 0x9000)
        #expect(card.verify(0x81, "123456").sw == 0x9000)
        #expect(card.sign([]).sw != 0x9000)
        #expect(card.sign(Self.digestInfo).sw == 0x6982)
    }

    @Test("The signature counter stops at FFFFFF")
    func counterSaturates() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.generate(0xB6).sw == 0x9000)
        card.os.state[OpenPGPState.self]?.signatureCount = OpenPGPState.maxSignatureCount
        #expect(card.putData(0x00C4, [0x01]).sw == 0x9000)
        #expect(card.verify(0x81, "123456").sw == 0x9000)
        #expect(card.sign(Self.digestInfo).sw == 0x9000)
        #expect(card.os.state[OpenPGPState.self]?.signatureCount == OpenPGPState.maxSignatureCount)
    }

    @Test("Damaged records (missing certificates, a counter above three bytes, no PW3) stop the card with a sentence")
    func damagedRecords() throws {
        var damagedData = OpenPGPState().data
        damagedData.certificates = [[]]
        let cases: [(String, [UInt8])] = [
            (OpenPGPState.dataRecord, CardState.encode(damagedData)),
            (OpenPGPState.counterRecord, CardState.encode(UInt32.max)),
            (
                OpenPGPState.pinsRecord,
                CardState.encode([
                    PinObject(reference: 0x81, value: Array("123456".utf8), maxTries: 3, minLength: 6, maxLength: 127)
                ])
            ),
        ]
        for (record, bytes) in cases {
            let store = MemoryStore()
            _ = try TestCard.openPGP(store: store)
            try store.commit([RecordChange(record, bytes)])
            #expect(throws: CardError.self, "\(record)") { try TestCard.openPGP(store: store) }
        }
    }

    @Test("RSA import: a composite prime or an exponent of 1 is refused (6A80)")
    func importChecks() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        let key = try RSA.PrivateKey.generate(bits: 2048, exponent: 65537)
        let q = try key.crtComponents.q
        var composite = key.prime
        composite[composite.count - 1] &+= 2
        let bad = OpenPGPKeyTests.importCommand(0xB6, [(0x91, [0x01, 0x00, 0x01]), (0x92, composite), (0x93, q)])
        #expect(card.send(bad).sw == 0x6A80)
        let exponentOne = OpenPGPKeyTests.importCommand(0xB6, [(0x91, [0x01]), (0x92, key.prime), (0x93, q)])
        #expect(card.send(exponentOne).sw == 0x6A80)
        let good = OpenPGPKeyTests.importCommand(0xB6, [(0x91, [0x01, 0x00, 0x01]), (0x92, key.prime), (0x93, q)])
        #expect(card.send(good).sw == 0x9000)
    }

    @Test("GET NEXT DATA walks the three cardholder certificates; sex and language are checked")
    func nextDataAndFormats() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.putData(0x7F21, [0x30, 0x01]).sw == 0x9000)
        #expect(card.send(0xA5, 0x01, 0x04, [0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21]).sw == 0x9000)
        #expect(card.putData(0x7F21, [0x30, 0x02]).sw == 0x9000)
        #expect(card.send(0xA5, 0x00, 0x04, [0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21]).sw == 0x9000)
        #expect(card.send(0xCC, 0x7F, 0x21, ne: 256).data == [0x30, 0x02])
        #expect(card.send(0xCC, 0x7F, 0x21, ne: 256).sw == 0x9000)
        #expect(card.send(0xCC, 0x7F, 0x21, ne: 256).sw == 0x6A88, "past the third")
        #expect(card.send(0xCC, 0x00, 0x65, ne: 256).sw == 0x6A86)
        #expect(card.putData(0x5F35, [0x33]).sw == 0x6A80)
        #expect(card.putData(0x5F35, [0x39]).sw == 0x9000)
        #expect(card.putData(0x5F2D, Array("enf".utf8)).sw == 0x6A80)
        #expect(card.putData(0x5F2D, Array("enfr".utf8)).sw == 0x9000)
    }
}
