import DeviceStore
import Testing
import TrustCrypto

@testable import SmartCard

/// PIV PIN and PUK rules, key policies, signatures, metadata and import, through APDU bytes.
@Suite("PIV keys and PINs")
struct PIVKeyAndPinTests {
    @Test("PIN: wrong tries counted (63Cx), blocked (6983) across a restart, the PUK unblocks; malformed PINs refused")
    func pinRules() throws {
        let store = MemoryStore()
        let card = try TestCard.piv(store: store)
        #expect(card.send(0x20, 0x00, 0x81, PIVState.padded("12345678")).sw == 0x6A88, "the PUK is not verified")
        #expect(card.send(0x20, 0x00, 0x80, Array("1234567".utf8)).sw == 0x6A80, "PIV reference data is 8 bytes")
        #expect(
            card.send(0x24, 0x00, 0x80, PIVState.padded("123456") + PIVState.padded("12345")).sw == 0x6A80,
            "a new PIN has 6 to 8 characters")
        for tries in [2, 1, 0] { #expect(card.verifyPIV("000000").sw == 0x63C0 | UInt16(tries)) }
        #expect(card.verifyPIV().sw == 0x6983)

        let reopened = try TestCard.piv(store: store)
        #expect(reopened.verifyPIV().sw == 0x6983, "blocked stays blocked")
        #expect(reopened.send(0x2C, 0x00, 0x80, PIVState.padded("00000000") + PIVState.padded("654321")).sw == 0x63C2)
        #expect(reopened.send(0x2C, 0x00, 0x80, PIVState.padded("12345678") + PIVState.padded("654321")).sw == 0x9000)
        #expect(reopened.verifyPIV("654321").sw == 0x9000)
        #expect(reopened.send(0x20, 0x00, 0x80).sw == 0x9000, "an empty VERIFY reports the verified state")
    }

    @Test("PIN policy: the signature key (9C) needs a VERIFY before each use, card authentication (9E) none")
    func pinPolicies() throws {
        let card = try TestCard.piv()
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.generatePIV(slot: 0x9C, algorithm: 0x11).sw == 0x9000)
        #expect(card.generatePIV(slot: 0x9E, algorithm: 0x11).sw == 0x9000)
        let digest = try Hash.digest(.sha256, Array("policy".utf8))
        #expect(card.pivSign(slot: 0x9E, algorithm: 0x11, digest).sw == 0x9000)
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x11, digest).sw == 0x6982)
        #expect(card.verifyPIV().sw == 0x9000)
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x11, digest).sw == 0x9000)
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x11, digest).sw == 0x6982, "one VERIFY, one signature")
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x14, digest).sw == 0x6A86, "P1 must name the key's algorithm")
        #expect(card.pivSign(slot: 0x9A, algorithm: 0x11, digest).sw == 0x6A88, "an empty slot")
    }

    @Test(
        "ECDSA P-384 and RSA-2048 signatures verify against the public key GENERATE returned",
        arguments: [UInt8(0x14), 0x07])
    func signatures(algorithm: UInt8) throws {
        let card = try TestCard.piv()
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        let generated = card.generatePIV(slot: 0x9A, algorithm: algorithm)
        let template = try #require(BERTLV.parse(generated.data)?.first, "7F49")
        let fields = try #require(BERTLV.parse(template.value))
        #expect(card.verifyPIV().sw == 0x9000)
        let digest = try Hash.digest(.sha384, Array("signed by the card".utf8))
        if algorithm == 0x14 {
            let point = try #require(BERTLV.value(0x86, in: fields))
            let publicKey = try ECC.PublicKey(
                curve: .nistP384, point: ECCPoint(x: Array(point[1...48]), y: Array(point[49...])))
            let signature = card.pivSign(slot: 0x9A, algorithm: algorithm, digest)
            #expect(signature.sw == 0x9000)
            let sequence = try #require(BERTLV.parse(signature.data)?.first, "DER Ecdsa-Sig-Value")
            let integers = try #require(BERTLV.parse(sequence.value))
            #expect(sequence.tag == 0x30 && integers.count == 2)
            #expect(publicKey.isValidECDSASignature(r: integers[0].value, s: integers[1].value, digest: digest))
        } else {
            let modulus = try #require(BERTLV.value(0x81, in: fields))
            let publicKey = try RSA.PublicKey(modulus: modulus, exponent: 65537)
            // DigestInfo for SHA-384: its DER prefix (RFC 8017 §9.2 note 1), then the digest.
            let digestInfo: [UInt8] =
                [
                    0x30, 0x41, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02,
                    0x05, 0x00, 0x04, 0x30,
                ] + digest
            let block =
                [0x00, 0x01] + [UInt8](repeating: 0xFF, count: 256 - 3 - digestInfo.count) + [0x00] + digestInfo
            let signature = card.pivSign(slot: 0x9A, algorithm: algorithm, block)
            #expect(signature.sw == 0x9000)
            #expect(publicKey.isValidPKCS1v15Signature(signature.data, digest: digest, hash: .sha384))
            #expect(
                card.pivSign(slot: 0x9A, algorithm: algorithm, Array(block.dropFirst())).sw == 0x6A80,
                "RSA input is one modulus long")
        }
    }

    @Test("GET METADATA: PIN defaults and tries, key algorithm, policy, origin and public key; 6A88 for an empty slot")
    func metadata() throws {
        let card = try TestCard.piv()
        let pin = card.sendCollecting(CommandAPDU(ins: 0xF7, p1: 0, p2: 0x80, ne: 256))
        #expect(pin.data == [0x01, 0x01, 0xFF, 0x05, 0x01, 0x01, 0x06, 0x02, 0x03, 0x03])
        #expect(card.send(0x24, 0x00, 0x80, PIVState.padded("123456") + PIVState.padded("246810")).sw == 0x9000)
        #expect(
            card.sendCollecting(CommandAPDU(ins: 0xF7, p1: 0, p2: 0x80, ne: 256)).data == [
                0x01, 0x01, 0xFF, 0x05, 0x01, 0x00, 0x06, 0x02, 0x03, 0x03,
            ],
            "no longer the default")
        #expect(card.send(0xF7, 0x00, 0x9A, ne: 256).sw == 0x6A88)
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.generatePIV(slot: 0x9A, algorithm: 0x11, policies: [0xAA, 0x01, 0x03]).sw == 0x9000)
        let key = try #require(BERTLV.parse(card.sendCollecting(CommandAPDU(ins: 0xF7, p1: 0, p2: 0x9A, ne: 256)).data))
        #expect(BERTLV.value(0x01, in: key) == [0x11])
        #expect(BERTLV.value(0x02, in: key) == [0x03, 0x01], "PIN always, touch never")
        #expect(BERTLV.value(0x03, in: key) == [0x01], "generated")
        #expect(BERTLV.value(0x04, in: key)?.prefix(3) == [0x86, 0x41, 0x04])
        let management = try #require(BERTLV.parse(card.send(0xF7, 0x00, 0x9B, ne: 256).data))
        #expect(BERTLV.value(0x01, in: management) == [0x03] && BERTLV.value(0x05, in: management) == [0x01])
    }

    @Test(
        "IMPORT KEY: an EC scalar signs; RSA components that disagree are refused (6A80); imported keys are not attested"
    )
    func importKey() throws {
        let card = try TestCard.piv()
        let scalar = try ECC.PrivateKey.generate(curve: .nistP256)
        #expect(
            card.send(0xFE, 0x11, 0x9D, BERTLV.encode(0x06, scalar.scalar)).sw == 0x6982, "after the management key")
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.send(0xFE, 0x11, 0x9D, BERTLV.encode(0x06, scalar.scalar) + [0xAA, 0x01, 0x01]).sw == 0x9000)
        let digest = try Hash.digest(.sha256, Array("imported".utf8))
        let signature = card.pivSign(slot: 0x9D, algorithm: 0x11, digest)
        let integers = try #require(BERTLV.parse(BERTLV.parse(signature.data)?.first?.value ?? []))
        #expect(scalar.publicKey.isValidECDSASignature(r: integers[0].value, s: integers[1].value, digest: digest))
        #expect(card.send(0xF9, 0x9D, 0x00, ne: 256).sw == 0x6985)

        let rsa = try RSA.PrivateKey.generate(bits: 1024, exponent: 65537)
        let crt = try rsa.crtComponents
        let q = crt.q
        let good =
            BERTLV.encode(0x01, rsa.prime) + BERTLV.encode(0x02, q) + BERTLV.encode(0x03, crt.dP)
            + BERTLV.encode(0x04, crt.dQ) + BERTLV.encode(0x05, crt.qInv)
        var wrong = crt.dP
        wrong[wrong.count - 1] ^= 0x01
        let bad =
            BERTLV.encode(0x01, rsa.prime) + BERTLV.encode(0x02, q) + BERTLV.encode(0x03, wrong)
            + BERTLV.encode(0x04, crt.dQ) + BERTLV.encode(0x05, crt.qInv)
        #expect(card.send(0xFE, 0x06, 0x82, bad).sw == 0x6A80)
        #expect(card.send(0xFE, 0x06, 0x82, good).sw == 0x9000)
    }

    @Test(
        "Security status: the attestation key signs only through ATTEST; leaving PIV logs out; only VERIFY arms a PIN-always key"
    )
    func securityStatus() throws {
        let card = try TestCard.piv()
        let digest = try Hash.digest(.sha256, Array("forged".utf8))
        #expect(card.pivSign(slot: 0xF9, algorithm: 0x11, digest).sw == 0x6A86, "F9 never signs what the host sends")

        #expect(card.verifyPIV().sw == 0x9000)
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.send(0xA4, 0x00, 0x0C, [0x3F, 0x00]).sw == 0x9000, "the MF")
        card.selectPIV()
        #expect(card.send(0x20, 0x00, 0x80).sw == 0x63C3, "the PIN is no longer verified")
        #expect(card.generatePIV(slot: 0x9C, algorithm: 0x11).sw == 0x6982, "nor the management key")
        card.selectPIV()
        #expect(try card.authenticateManagementKey().sw == 0x9000)
        #expect(card.verifyPIV().sw == 0x9000)
        card.selectPIV()
        #expect(card.send(0x20, 0x00, 0x80).sw == 0x9000, "selecting PIV again keeps its status")
        #expect(card.generatePIV(slot: 0x9C, algorithm: 0x11).sw == 0x9000)
        #expect(card.send(0x24, 0x00, 0x80, PIVState.padded("123456") + PIVState.padded("135790")).sw == 0x9000)
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x11, digest).sw == 0x6982, "a CHANGE is not a fresh VERIFY")
        #expect(card.verifyPIV("135790").sw == 0x9000)
        #expect(card.pivSign(slot: 0x9C, algorithm: 0x11, digest).sw == 0x9000)
    }

    @Test(
        "A malformed PIN is 6A80 and spends no try; reset keeps the attestation key and certificate; a bad firmware version is a sentence"
    )
    func refusalsAndReset() throws {
        let card = try TestCard.piv()
        #expect(card.verifyPIV("1234").sw == 0x6A80)
        #expect(
            card.send(0x20, 0x00, 0x80, [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xFF, 0x37]).sw == 0x6A80,
            "padding then a character")
        #expect(card.send(0x20, 0x00, 0x80).sw == 0x63C3, "no try spent")
        let attestationCertificate = card.sendCollecting(
            CommandAPDU(ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [0x5C, 0x03, 0x5F, 0xFF, 0x01], ne: 256))
        #expect(attestationCertificate.sw == 0x9000)
        for _ in 0..<3 { _ = card.verifyPIV("000000") }
        for _ in 0..<3 { _ = card.send(0x2C, 0x00, 0x80, PIVState.padded("00000000") + PIVState.padded("111111")) }
        #expect(card.send(0xFB, 0x00, 0x00).sw == 0x9000)
        #expect(
            card.sendCollecting(
                CommandAPDU(ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [0x5C, 0x03, 0x5F, 0xFF, 0x01], ne: 256))
                == attestationCertificate)

        var profile = TestCard.pivProfile
        profile.card?.firmwareVersion = "5.4"
        #expect(throws: CardError.self) { try CardOS(profile: profile, store: MemoryStore()) }
    }
}
