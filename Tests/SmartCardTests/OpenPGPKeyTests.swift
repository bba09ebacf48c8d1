import DeviceStore
import Testing
import TrustCrypto

@testable import SmartCard

/// Key generation, signatures, deciphering, INTERNAL AUTHENTICATE, MSE and key import of the
/// OpenPGP application (OpenPGP card 3.4 §7.2.10–7.2.14, §4.4.3.12); outputs checked with TrustCrypto.
@Suite("OpenPGP keys")
struct OpenPGPKeyTests {
    static let p256: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    static let p384: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x22]

    static func digestInfo(_ message: String) throws -> [UInt8] {
        SecurityOperationTests.sha256DigestInfoPrefix + (try Hash.digest(.sha256, Array(message.utf8)))
    }

    static func rsaKey(_ objects: [(tag: UInt16, value: [UInt8])]?) throws -> RSA.PublicKey {
        let objects = try #require(objects)
        let exponent = try #require(BERTLV.value(0x82, in: objects)).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return try RSA.PublicKey(modulus: try #require(BERTLV.value(0x81, in: objects)), exponent: exponent)
    }

    static func ecKey(_ objects: [(tag: UInt16, value: [UInt8])]?, _ curve: ECCCurve) throws -> ECC.PublicKey {
        let objects = try #require(objects)
        let point = try #require(BERTLV.value(0x86, in: objects))
        #expect(point.count == 1 + 2 * curve.keySize && point.first == 0x04)
        return try ECC.PublicKey(
            curve: curve, point: ECCPoint(x: Array(point[1...curve.keySize]), y: Array(point[(1 + curve.keySize)...])))
    }

    @Test("RSA 2048 generation needs PW3; 81 reads it back; the signature verifies, counts and spends PW1 81")
    func rsaSignature() throws {
        let card = try TestCard.openPGP()
        #expect(card.generate(0xB6).sw == 0x6982)
        #expect(card.generate(0xB6, p1: 0x81).sw == 0x6A88)
        card.verifyAdmin()
        let generated = card.publicKey(0xB6)
        let key = try Self.rsaKey(generated)
        #expect(key.modulus.count == 256 && key.exponent == 65537)
        #expect(card.generate(0xB6, p1: 0x81).data == card.generate(0xB6, p1: 0x81).data)
        #expect(card.getData(0x00DE).data == [0x01, 0x01, 0x02, 0x00, 0x03, 0x00])

        #expect(try card.sign(Self.digestInfo("one")).sw == 0x6982)
        card.verify(0x81, "123456")
        let signature = card.sign(try Self.digestInfo("one"))
        #expect(signature.sw == 0x9000)
        #expect(
            try key.isValidPKCS1v15Signature(
                signature.data, digest: Hash.digest(.sha256, Array("one".utf8)), hash: .sha256))
        #expect(try card.sign(Self.digestInfo("two")).sw == 0x6982, "PW1 81 is valid for one signature")
        #expect(card.getData(0x007A).data == [0x93, 0x03, 0x00, 0x00, 0x01])
        card.putData(0x00C4, [0x01])
        card.verify(0x81, "123456")
        #expect(try card.sign(Self.digestInfo("two")).sw == 0x9000)
        #expect(try card.sign(Self.digestInfo("three")).sw == 0x9000, "C4 01: PW1 stays valid")
        #expect(card.getData(0x0093).data == [0x00, 0x00, 0x03])
        card.generate(0xB6)
        #expect(card.getData(0x0093).data == [0x00, 0x00, 0x00], "a new signature key restarts the counter")
        #expect(card.send(0x2A, 0x9E, 0x9B, [1]).sw == 0x6A86)
        #expect(card.send(0x47, 0x80, 0x00, [0xB7, 0x00], ne: 256).sw == 0x6A80)
    }

    @Test(
        "RSA 3072 attributes generate a 3072-bit key; a signature writes only the counter record; GENERATE P1/P2 6A86")
    func rsa3072() throws {
        let store = MemoryStore()
        let card = try TestCard.openPGP(store: store)
        card.verifyAdmin()
        #expect(card.putData(0x00C1, [0x01, 0x0C, 0x00, 0x00, 0x20, 0x00]).sw == 0x9000)
        let key = try Self.rsaKey(card.publicKey(0xB6))
        #expect(key.modulus.count == 384)
        card.verify(0x81, "123456")
        let records = ["openpgp-keys", "openpgp-data", "openpgp-pins"]
        let before = try records.map { try store.read($0) }
        let counter = try store.read("openpgp-counter")
        let signature = card.sign(try Self.digestInfo("3072"))
        #expect(
            try key.isValidPKCS1v15Signature(
                signature.data, digest: Hash.digest(.sha256, Array("3072".utf8)), hash: .sha256))
        #expect(try records.map { try store.read($0) } == before)
        #expect(try store.read("openpgp-counter") != counter)
        #expect(card.send(0x47, 0x82, 0x00, [0xB6, 0x00], ne: 256).sw == 0x6A86)
        #expect(card.send(0x47, 0x80, 0x01, [0xB6, 0x00], ne: 256).sw == 0x6A86)
    }

    @Test("ECDSA P-256 and P-384: r ‖ s over the hash, verified by TrustCrypto")
    func ecdsaSignature() throws {
        for (oid, curve, hash) in [
            (Self.p256, ECCCurve.nistP256, HashAlgorithm.sha256), (Self.p384, .nistP384, .sha384),
        ] {
            let card = try TestCard.openPGP()
            card.verifyAdmin()
            #expect(card.putData(0x00C1, [0x13] + oid).sw == 0x9000)
            let key = try Self.ecKey(card.publicKey(0xB6), curve)
            card.verify(0x81, "123456")
            let digest = try Hash.digest(hash, Array("ec".utf8))
            let signature = card.sign(digest)
            #expect(signature.sw == 0x9000 && signature.data.count == 2 * curve.keySize)
            #expect(
                key.isValidECDSASignature(
                    r: Array(signature.data.prefix(curve.keySize)), s: Array(signature.data.suffix(curve.keySize)),
                    digest: digest))
        }
    }

    @Test("PSO:DECIPHER RSA: 00 ‖ cryptogram after PW1 82 gives the message back; AES indicator 6A80")
    func rsaDecipher() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        let key = try Self.rsaKey(card.publicKey(0xB8))
        let message = Array("session key bytes".utf8)
        let cryptogram = try key.encryptPKCS1v15(message)
        #expect(card.decipher([0x00] + cryptogram).sw == 0x6982)
        card.verify(0x81, "123456")
        #expect(card.decipher([0x00] + cryptogram).sw == 0x6982, "81 is not 82")
        card.verify(0x82, "123456")
        #expect(card.decipher([0x00] + cryptogram) == TestCard.Reply(data: message, sw: 0x9000))
        #expect(card.decipher([0x02] + cryptogram).sw == 0x6A80)
        #expect(card.decipher([0x00] + cryptogram.dropLast()).sw == 0x6700)
    }

    @Test("PSO:DECIPHER ECDH P-256: A6 7F49 86 the peer's point gives the shared x-coordinate")
    func ecdhDecipher() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.putData(0x00C2, [0x12] + Self.p256).sw == 0x9000)
        let cardKey = try Self.ecKey(card.publicKey(0xB8), .nistP256)
        let peer = try ECC.PrivateKey.generate(curve: .nistP256)
        let point = [0x04] + peer.publicKey.point.x + peer.publicKey.point.y
        card.verify(0x82, "123456")
        let reply = card.decipher(BERTLV.encode(0xA6, BERTLV.encode(0x7F49, BERTLV.encode(0x86, point))))
        #expect(reply == TestCard.Reply(data: try peer.sharedPoint(with: cardKey.point).x, sw: 0x9000))
        var offCurve = point
        offCurve[offCurve.count - 1] ^= 1
        #expect(card.decipher(BERTLV.encode(0xA6, BERTLV.encode(0x7F49, BERTLV.encode(0x86, offCurve)))).sw == 0x6A80)
        #expect(card.decipher(BERTLV.encode(0xA6, [0x01])).sw == 0x6A80)
    }

    @Test("INTERNAL AUTHENTICATE signs with the authentication key after PW1 82; MSE A4 swaps in the decryption key")
    func internalAuthenticate() throws {
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        let authentication = try Self.rsaKey(card.publicKey(0xA4))
        let decryption = try Self.rsaKey(card.publicKey(0xB8))
        let input = try Self.digestInfo("login")
        #expect(card.authenticate(input).sw == 0x6982)
        card.verify(0x82, "123456")
        let digest = try Hash.digest(.sha256, Array("login".utf8))
        #expect(authentication.isValidPKCS1v15Signature(card.authenticate(input).data, digest: digest, hash: .sha256))
        #expect(card.send(0x22, 0x41, 0xA4, [0x83, 0x01, 0x02]).sw == 0x9000)
        #expect(decryption.isValidPKCS1v15Signature(card.authenticate(input).data, digest: digest, hash: .sha256))
        #expect(card.send(0x22, 0x41, 0xA4, [0x83, 0x01, 0x01]).sw == 0x6A80)
        #expect(card.send(0x22, 0x41, 0xB6, [0x83, 0x01, 0x02]).sw == 0x6A86)
        #expect(card.send(0x88, 0x01, 0x00, input).sw == 0x6A86)
    }

    /// PUT DATA DB 3FFF with the extended header list 4D for `crt`.
    static func importCommand(_ crt: UInt8, _ parts: [(tag: UInt8, value: [UInt8])]) -> CommandAPDU {
        let template = parts.flatMap { [$0.tag] + BERTLV.length($0.value.count) }
        let list = [crt, 0x00] + BERTLV.encode(0x7F48, template) + BERTLV.encode(0x5F48, parts.flatMap(\.value))
        return CommandAPDU(ins: 0xDB, p1: 0x3F, p2: 0xFF, data: BERTLV.encode(0x4D, list))
    }

    @Test("Import RSA 2048 as e, p, q (no modulus): the card signs with it; DE says imported")
    func importRSA() throws {
        let key = try RSA.PrivateKey.generate(bits: 2048, exponent: 65537)
        let q = try key.crtComponents.q
        let command = Self.importCommand(0xB6, [(0x91, [0x00, 0x01, 0x00, 0x01]), (0x92, key.prime), (0x93, q)])
        let card = try TestCard.openPGP()
        #expect(card.send(command).sw == 0x6982)
        card.verifyAdmin()
        #expect(card.send(command).sw == 0x9000)
        #expect(try Self.rsaKey(card.publicKey(0xB6, p1: 0x81)).modulus == key.publicKey.modulus)
        #expect(card.getData(0x00DE).data == [0x01, 0x02, 0x02, 0x00, 0x03, 0x00])
        card.verify(0x81, "123456")
        let signature = card.sign(try Self.digestInfo("imported"))
        #expect(
            try key.publicKey.isValidPKCS1v15Signature(
                signature.data, digest: Hash.digest(.sha256, Array("imported".utf8)), hash: .sha256))
        var otherModulus = key.publicKey.modulus
        otherModulus[otherModulus.count - 1] ^= 0x02
        let disagreeing = Self.importCommand(
            0xB6, [(0x91, [0x00, 0x01, 0x00, 0x01]), (0x92, key.prime), (0x93, q), (0x97, otherModulus)])
        #expect(card.send(disagreeing).sw == 0x6A80, "a modulus that is not p·q")
    }

    @Test(
        "Import ECDSA P-384 (92 scalar): the card signs with it; a scalar for the wrong size key or a bad list is 6A80")
    func importEC() throws {
        let key = try ECC.PrivateKey.generate(curve: .nistP384)
        let card = try TestCard.openPGP()
        card.verifyAdmin()
        #expect(card.putData(0x00C3, [0x13] + Self.p384).sw == 0x9000)
        #expect(card.send(Self.importCommand(0xA4, [(0x92, key.scalar)])).sw == 0x9000)
        #expect(try Self.ecKey(card.publicKey(0xA4, p1: 0x81), .nistP384) == key.publicKey)
        card.verify(0x82, "123456")
        let digest = try Hash.digest(.sha384, Array("ssh".utf8))
        let signature = card.authenticate(digest).data
        #expect(
            key.publicKey.isValidECDSASignature(
                r: Array(signature.prefix(48)), s: Array(signature.suffix(48)), digest: digest))
        #expect(card.send(Self.importCommand(0xB6, [(0x92, key.scalar)])).sw == 0x6A80, "RSA key slot")
        #expect(
            card.send(
                CommandAPDU(
                    ins: 0xDB, p1: 0x3F, p2: 0xFF,
                    data: BERTLV.encode(0x4D, [0xA4, 0x00] + BERTLV.encode(0x7F48, [0x92, 0x30])))
            ).sw == 0x6A80)
        #expect(card.send(CommandAPDU(ins: 0xDB, p1: 0x3F, p2: 0xFE, data: [0x4D, 0x00])).sw == 0x6A86)
    }
}
