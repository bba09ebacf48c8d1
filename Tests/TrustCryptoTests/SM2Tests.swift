import Testing

@testable import TrustCrypto

/// GM/T 0003.5-2012 (GB/T 32918.5) Annexes A and C on the recommended curve, with the standard's
/// fixed k through the internal nonce parameter (test-only: production draws k itself).
@Suite("SM2")
struct SM2Tests {
    static let d = hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
    static let k = hex("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21")
    static let fixedK: SM2.NonceSource = { (_: ECGroup) throws(CryptoError) -> BigNumber in BigNumber(bytes: SM2Tests.k)
    }

    @Test("Annex A: ZA, e and the signature with the fixed k")
    func signatureKnownAnswer() throws {
        let key = try ECC.PrivateKey(curve: .sm2P256, scalar: Self.d)
        let message = Array("message digest".utf8)
        #expect(
            try SM2.userHash(publicKey: key.publicKey)
                == hex("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3"))
        let e = try SM2.messageDigest(message, publicKey: key.publicKey)
        #expect(e == hex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640"))
        let (r, s) = try key.signSM2(digest: e, nonce: Self.fixedK)
        #expect(r == hex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"))
        #expect(s == hex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"))
        #expect(key.publicKey.isValidSM2Signature(r: r, s: s, digest: e))
        #expect(!key.publicKey.isValidSM2Signature(r: s, s: r, digest: e))
        #expect(try !key.publicKey.isValidSM2Signature(r: r, s: s, digest: Hash.digest(.sm3_256, message)))
    }

    @Test("random-k signatures verify, on SM2 P-256 and NIST P-256")
    func randomSignatures() throws {
        for curve in [ECCCurve.sm2P256, .nistP256] {
            let key = try ECC.PrivateKey.generate(curve: curve)
            let digest = try Hash.digest(.sm3_256, Array("abc".utf8))
            let (r, s) = try key.signSM2(digest: digest)
            #expect(key.publicKey.isValidSM2Signature(r: r, s: s, digest: digest))
            #expect(!key.publicKey.isValidSM2Signature(r: r, s: [], digest: digest))
        }
    }

    @Test("Annex C: encryption with the fixed k, then decryption")
    func encryptionKnownAnswer() throws {
        let key = try ECC.PrivateKey(curve: .sm2P256, scalar: Self.d)
        let message = Array("encryption standard".utf8)
        let (c1, c2, c3) = try key.publicKey.encryptSM2(message, hash: .sm3_256, nonce: Self.fixedK)
        #expect(c1.x == hex("04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"))
        #expect(c1.y == hex("E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"))
        #expect(c3 == hex("59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"))
        #expect(c2 == hex("21886CA989CA9C7D58087307CA93092D651EFA"))
        #expect(try key.decryptSM2(c1: c1, c2: c2, c3: c3, hash: .sm3_256) == message)
        var tampered = c2
        tampered[0] ^= 1
        #expect(throws: CryptoError.decryptionFailed) {
            try key.decryptSM2(c1: c1, c2: tampered, c3: c3, hash: .sm3_256)
        }
        #expect(throws: CryptoError.self) {
            try key.decryptSM2(c1: ECCPoint(x: c1.x, y: c1.x), c2: c2, c3: c3, hash: .sm3_256)
        }
    }

    @Test("random-k encryption round trips with SHA-256 on NIST P-256 (the reference's ECIES)")
    func genericECIES() throws {
        let key = try ECC.PrivateKey.generate(curve: .nistP256)
        let message = [UInt8](repeating: 0x5A, count: 100)
        let (c1, c2, c3) = try key.publicKey.encryptSM2(message, hash: .sha256)
        #expect(c3.count == 32 && c2.count == 100)
        #expect(try key.decryptSM2(c1: c1, c2: c2, c3: c3, hash: .sha256) == message)
    }

    @Test("key exchange: both parties reach the same point")
    func keyExchange() throws {
        let staticA = try ECC.PrivateKey.generate(curve: .sm2P256)
        let ephemeralA = try ECC.PrivateKey.generate(curve: .sm2P256)
        let staticB = try ECC.PrivateKey.generate(curve: .sm2P256)
        let ephemeralB = try ECC.PrivateKey.generate(curve: .sm2P256)
        let zA = try staticA.sm2KeyExchangePoint(
            ephemeral: ephemeralA.scalar, peerStatic: staticB.publicKey.point,
            peerEphemeral: ephemeralB.publicKey.point)
        let zB = try staticB.sm2KeyExchangePoint(
            ephemeral: ephemeralB.scalar, peerStatic: staticA.publicKey.point,
            peerEphemeral: ephemeralA.publicKey.point)
        #expect(zA == zB)
        let mqv = try staticA.mqvSharedPoint(
            ephemeral: ephemeralA.scalar, peerStatic: staticB.publicKey.point,
            peerEphemeral: ephemeralB.publicKey.point)
        #expect(mqv != zA)
    }

    @Test("KDF2 counts from 1 and appends the counter")
    func kdf2() throws {
        let seed: [UInt8] = [1, 2, 3]
        let out = try KDF.kdf2(.sm3_256, seed: seed, bytes: 40)
        #expect(
            try out
                == Array(
                    (Hash.digest(.sm3_256, seed + [0, 0, 0, 1]) + Hash.digest(.sm3_256, seed + [0, 0, 0, 2])).prefix(40)
                ))
        #expect(try KDF.kdf2(.sm3_256, seed: seed, bytes: 0).isEmpty)
    }

    /// GB/T 32907-2016 Appendix A example 2.
    @Test("SM4 encrypted 1,000,000 times")
    func sm4Million() throws {
        let key = hex("0123456789abcdeffedcba9876543210")
        let encryptor = try BlockEncryptor(.sm4, keyBytes: 16)
        var block = key
        for _ in 0..<1_000_000 { block = encryptor.encrypt(block, key: key) }
        #expect(block == hex("595298c7c6fd271f0402f804c33d3f66"))
    }
}
