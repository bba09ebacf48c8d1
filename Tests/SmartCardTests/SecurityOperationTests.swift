import Testing
import TrustCrypto

@testable import SmartCard

/// GET CHALLENGE, EXTERNAL/INTERNAL AUTHENTICATE, MANAGE SECURITY ENVIRONMENT, PERFORM
/// SECURITY OPERATION and GENERATE ASYMMETRIC KEY PAIR; the card's outputs are checked with
/// TrustCrypto as an outside verifier would.
@Suite("Card security operations")
struct SecurityOperationTests {
    static let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
        0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    /// Generates the key in `slot` and returns the 7F49 template's objects.
    static func generate(_ card: TestCard, slot: UInt8) throws -> [(tag: UInt16, value: [UInt8])] {
        let reply = card.sendCollecting(CommandAPDU(ins: 0x47, p1: 0x00, p2: slot, ne: 256))
        #expect(reply.sw == 0x9000)
        let outer = try #require(BERTLV.parse(reply.data))
        #expect(outer.count == 1 && outer.first?.tag == 0x7F49)
        return try #require(BERTLV.parse(outer[0].value))
    }

    @Test("GET CHALLENGE: Ne random bytes; 6700 without Le, 6A86 with P1-P2")
    func getChallenge() throws {
        let card = try TestCard()
        let first = card.send(0x84, 0, 0, ne: 8)
        let second = card.send(0x84, 0, 0, ne: 8)
        #expect(first.sw == 0x9000 && first.data.count == 8 && first.data != second.data)
        #expect(card.send(0x84, 0, 0).sw == 0x6700)
        #expect(card.send(0x84, 1, 0, ne: 8).sw == 0x6A86)
    }

    @Test("EXTERNAL AUTHENTICATE: AES of the challenge opens EF 5005; a wrong one is 6300; no challenge 6985")
    func externalAuthenticate() throws {
        let card = try TestCard()
        let key = Array(UInt8(0x40)..<0x50)
        #expect(card.send(0x82, 0x00, 0x01, [UInt8](repeating: 0, count: 16)).sw == 0x6985)
        let challenge = card.send(0x84, 0, 0, ne: 16).data
        #expect(card.send(0x82, 0x00, 0x01, [UInt8](repeating: 0, count: 16)).sw == 0x6300)
        #expect(
            card.send(
                0x82, 0x00, 0x01,
                try SymmetricCipher.encrypt(.aes, mode: .ecb, key: key, iv: [], data: challenge).output
            ).sw == 0x6985,
            "the challenge was spent by the failed attempt")
        let next = card.send(0x84, 0, 0, ne: 8).data
        let cryptogram = try SymmetricCipher.encrypt(
            .aes, mode: .ecb, key: key, iv: [], data: next + [UInt8](repeating: 0, count: 8)
        ).output
        #expect(card.send(0x82, 0x00, 0x01, Array(cryptogram.prefix(8))).sw == 0x6700)
        #expect(card.send(0x82, 0x00, 0x01, cryptogram).sw == 0x9000)
        _ = card.selectApplication()
        #expect(card.send(0xB0, 0x85, 0, ne: 256).data == [0xCA, 0xFE])
        #expect(card.send(0x82, 0x00, 0x07, cryptogram).sw == 0x6A88)
        #expect(card.send(0x82, 0x01, 0x01, cryptogram).sw == 0x6A86)
    }

    @Test("GENERATE RSA-2048: 7F49 with 81 modulus and 82 exponent; P1 81 reads it back; PSO signature verifies")
    func rsaSignature() throws {
        let card = try TestCard()
        #expect(card.send(0x47, 0x00, 0x02, ne: 256).sw == 0x6982, "generation needs PIN 01")
        #expect(card.send(0x47, 0x81, 0x02, ne: 256).sw == 0x6A88, "nothing generated yet")
        _ = card.verifyPIN()
        let objects = try Self.generate(card, slot: 0x02)
        let modulus = try #require(BERTLV.value(0x81, in: objects))
        #expect(modulus.count == 256 && BERTLV.value(0x82, in: objects) == [0x01, 0x00, 0x01])
        let readBack = card.sendCollecting(CommandAPDU(ins: 0x47, p1: 0x81, p2: 0x02, ne: 256))
        #expect(readBack.data == BERTLV.encode(0x7F49, BERTLV.encode(0x81, modulus) + BERTLV.encode(0x82, [1, 0, 1])))

        #expect(card.send(0x2A, 0x9E, 0x9A, [1], ne: 256).sw == 0x6985, "no key set")
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x02]).sw == 0x9000)
        let digest = try Hash.digest(.sha256, Array("message".utf8))
        let signature = card.send(0x2A, 0x9E, 0x9A, Self.sha256DigestInfoPrefix + digest, ne: 256)
        #expect(signature.sw == 0x9000)
        let publicKey = try RSA.PublicKey(modulus: modulus, exponent: 65537)
        #expect(publicKey.isValidPKCS1v15Signature(signature.data, digest: digest, hash: .sha256))
        #expect(card.send(0x2A, 0x9E, 0x9A, [UInt8](repeating: 1, count: 246), ne: 256).sw == 0x6700)

        _ = card.os.powerOn()
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x02]).sw == 0x9000)
        #expect(
            card.send(0x2A, 0x9E, 0x9A, Self.sha256DigestInfoPrefix + digest, ne: 256).sw == 0x6982, "use needs PIN 01")
    }

    @Test(
        "GENERATE EC P-256: 86 holds an uncompressed point on the curve; ECDSA r‖s verifies; INTERNAL AUTHENTICATE too")
    func ecSignature() throws {
        let card = try TestCard()
        _ = card.verifyPIN()
        let objects = try Self.generate(card, slot: 0x03)
        let point = try #require(BERTLV.value(0x86, in: objects))
        #expect(point.count == 65 && point.first == 0x04)
        let publicKey = try ECC.PublicKey(
            curve: .nistP256, point: ECCPoint(x: Array(point[1...32]), y: Array(point[33...])))

        #expect(card.send(0x22, 0x41, 0xB6, [0x80, 0x01, 0x00, 0x83, 0x01, 0x03]).sw == 0x9000)
        let digest = try Hash.digest(.sha256, Array("message".utf8))
        let signature = card.send(0x2A, 0x9E, 0x9A, digest, ne: 256)
        #expect(signature.sw == 0x9000 && signature.data.count == 64)
        #expect(
            publicKey.isValidECDSASignature(
                r: Array(signature.data.prefix(32)), s: Array(signature.data.suffix(32)), digest: digest))

        let challenge = SecureBytes.random(32)
        #expect(card.send(0x22, 0x41, 0xA4, [0x84, 0x01, 0x03]).sw == 0x9000)
        let proof = card.send(0x88, 0x00, 0x00, challenge, ne: 256)
        #expect(proof.sw == 0x9000)
        #expect(
            publicKey.isValidECDSASignature(
                r: Array(proof.data.prefix(32)), s: Array(proof.data.suffix(32)), digest: challenge))
        #expect(card.send(0x88, 0x00, 0x03, [], ne: 256).sw == 0x6700)
    }

    @Test("GENERATE with P2 00 names the slot in a CRT; refusals 6A86, 6A80, 6A88, 6985")
    func generateRefusals() throws {
        let card = try TestCard()
        _ = card.verifyPIN()
        let viaTemplate = card.send(0x47, 0x80, 0x00, [0xB6, 0x03, 0x84, 0x01, 0x03], ne: 256)
        #expect(viaTemplate.sw == 0x9000 && viaTemplate.data.prefix(2) == [0x7F, 0x49])
        #expect(card.send(0x47, 0x01, 0x03, ne: 256).sw == 0x6A86)
        #expect(card.send(0x47, 0x80, 0x00, [0xB6, 0x03, 0x84], ne: 256).sw == 0x6A80)
        #expect(card.send(0x47, 0x80, 0x09, ne: 256).sw == 0x6A88)
        #expect(card.send(0x47, 0x80, 0x01, ne: 256).sw == 0x6985, "key 01 is symmetric")
    }

    @Test("PSO DECIPHER with RSA-2048 through command chaining; refusals for padding indicator and length")
    func decipher() throws {
        let card = try TestCard()
        _ = card.verifyPIN()
        let modulus = try #require(BERTLV.value(0x81, in: try Self.generate(card, slot: 0x02)))
        let publicKey = try RSA.PublicKey(modulus: modulus, exponent: 65537)
        let secret = Array("a session key".utf8)
        let cryptogram = try publicKey.encryptPKCS1v15(secret)
        #expect(card.send(0x22, 0x41, 0xB8, [0x84, 0x01, 0x03]).sw == 0x6A80, "an EC key cannot decipher")
        #expect(card.send(0x22, 0x41, 0xB8, [0x84, 0x01, 0x02]).sw == 0x9000)
        let data = [0x00] + cryptogram
        #expect(card.send(cla: 0x10, 0x2A, 0x80, 0x86, Array(data.prefix(200))).sw == 0x9000)
        #expect(
            card.send(0x2A, 0x80, 0x86, Array(data.dropFirst(200)), ne: 256) == TestCard.Reply(data: secret, sw: 0x9000)
        )
        #expect(card.send(CommandAPDU(ins: 0x2A, p1: 0x80, p2: 0x86, data: [0x01] + cryptogram, ne: 256)).sw == 0x6A80)
        #expect(card.send(0x2A, 0x80, 0x86, [0x00, 0x01, 0x02], ne: 256).sw == 0x6700)
        #expect(card.send(0x2A, 0x80, 0x87, [0x00], ne: 256).sw == 0x6A86)
    }

    @Test("MANAGE SECURITY ENVIRONMENT refusals and RESTORE")
    func manageSecurityEnvironment() throws {
        let card = try TestCard()
        #expect(card.send(0x22, 0x41, 0xAA, [0x84, 0x01, 0x02]).sw == 0x6A86)
        #expect(card.send(0x22, 0x42, 0xB6, [0x84, 0x01, 0x02]).sw == 0x6A86)
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x02, 0x02]).sw == 0x6A80, "truncated TLV")
        #expect(card.send(0x22, 0x41, 0xB6, [0x80, 0x01, 0x00]).sw == 0x6A80, "no key reference")
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x09]).sw == 0x6A88)
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x01]).sw == 0x6A80, "AES cannot sign")
        #expect(card.send(0x22, 0x41, 0xB6, [0x84, 0x01, 0x02]).sw == 0x9000)
        #expect(card.send(0x22, 0xF3, 0x01).sw == 0x9000)
        #expect(card.send(0x2A, 0x9E, 0x9A, [1], ne: 256).sw == 0x6985, "RESTORE emptied the environment")
        #expect(card.send(0x2A, 0x9E, 0x9A, [1], ne: 256).sw == 0x6985)
    }
}
