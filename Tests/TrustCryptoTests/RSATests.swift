import Testing

@testable import TrustCrypto

/// Keys are slow to make; the suites share a few.
enum RSAFixtures {
    static let key2048: RSA.PrivateKey = {
        do { return try RSA.PrivateKey.generate(bits: 2048, exponent: 0) } catch { fatalError("\(error)") }
    }()

    /// A repeatable byte stream: SHA-256 in counter mode over a seed, like a TPM's KDFa stream.
    static func stream(seed: String) -> (Int) -> [UInt8] {
        var counter: UInt32 = 0
        var buffer: [UInt8] = []
        return { count in
            while buffer.count < count {
                counter += 1
                guard let block = try? Hash.digest(.sha256, [Array(seed.utf8), KDF.bigEndian(counter)]) else {
                    preconditionFailure("the test stream needs SHA-256")
                }
                buffer += block
            }
            defer { buffer.removeFirst(count) }
            return Array(buffer.prefix(count))
        }
    }
}

@Suite("RSA")
struct RSATests {
    /// NIST CAVP SigGen15_186-3.rsp, [mod = 2048], SHAAlg = SHA256, first record (e = 0x1001).
    static let cavpModulus = hex(
        """
        a564d3d06be468a46958d56bb4884e2c4c28f538b7e15df35330505177789d3e1d792ad7aec7fc80a8cccf7ed4030471
        100401724bd4636a8a8244180cc655e256c00e778efe8bea55ab52d3a557075e35039d687cc0755b939a44a73033a0a6
        f09d2d6ae7e6593380718be00814d20567b1d7d48b633735e423017ff0a7b406d822f45fbb4d234028ca78abb702b18f
        cce13d2f69148ef584e9aaf283caab38f6946d342d600c6e77b7370a05ff302e5483b0faad3103d0b3e8c9c8e9eca1d4
        a871bdbd09585eb00dc3a488271cf6a3b767e68ea9bd2c83e8c89fd047f17915cf6a4c05bb9222b7e4470df5f3f1a283
        24c1aafcbb2236d2293041d128b0e15f
        """)
    static let cavpMessage = hex(
        """
        8f51ec6359d7efe1898274fa89ea4a91b8bbf95e05fef84bbc9a201e9f1a615939b0b45e6f7a50d7580521554f107637
        4692face5dfee5bfb3c573a87b1c96065301e756d278e37a601b545f4bd10ddd17dedade151cb7c33787400322ff6915
        854a6f91a9590f924accf55ea6b87749d3a783d655e0d620f0e96f78bb4b4450
        """)
    static let cavpSignature = hex(
        """
        795B0D51721469DCDF14DF08EACAA83AF79C2734226B3C8E048CBC4BD44ED7DC6C1EFAEFE1C71F017A87641827A0D3AF
        287E8C27EFA7CEBFC9435EFC7F6EAB1E373551887217D08313E8AE5EF0B0EFCB87C49C1F2898FCC117AC7DB229D34BD4
        AC39A4F91377F4B5A038338E7D4CF530E4E00FF67BF257E27E55FA6D2C0EB21AD0BCFD65F9EA760A440CAB4F904D4B81
        7604289BC8FF96FB07C0A23B5D31ABFFA706241D47FB42EF09B7BEC820E6076EBE7E1E0F4EEFE755BAB2CBCAE557AAB8
        208BB681D5381C1D09B4CCF1100F33CAD1990EFB507062EA51DE3DFAE0821F106B4B052244C379D0D32DE7A56EE17A7D
        9A5DCA2B472F0D3EEFA05F4E02FC0295
        """)

    @Test("CAVP PKCS#1 v1.5 signature verifies; altered ones do not")
    func cavpSignature() throws {
        let key = try RSA.PublicKey(modulus: Self.cavpModulus, exponent: 0x1001)
        #expect(key.keyBits == 2048)
        let digest = try Hash.digest(.sha256, Self.cavpMessage)
        #expect(key.isValidPKCS1v15Signature(Self.cavpSignature, digest: digest, hash: .sha256))
        var altered = Self.cavpSignature
        altered[100] ^= 1
        #expect(!key.isValidPKCS1v15Signature(altered, digest: digest, hash: .sha256))
        #expect(try !key.isValidPKCS1v15Signature(Self.cavpSignature, digest: Hash.digest(.sha256, [1]), hash: .sha256))
        #expect(!key.isValidPKCS1v15Signature(Self.cavpSignature, digest: digest, hash: .sha384))
        #expect(!key.isValidPKCS1v15Signature(Array(Self.cavpSignature.dropFirst()), digest: digest, hash: .sha256))
        #expect(!key.isValidPSSSignature(Self.cavpSignature, digest: digest, hash: .sha256))
    }

    @Test("sign and verify, every hash", arguments: HashAlgorithm.allCases)
    func signVerify(hash: HashAlgorithm) throws {
        let key = RSAFixtures.key2048
        let digest = try Hash.digest(hash, Array("attested data".utf8))
        let pkcs = try key.signPKCS1v15(digest: digest, hash: hash)
        #expect(pkcs.count == 256)
        #expect(key.publicKey.isValidPKCS1v15Signature(pkcs, digest: digest, hash: hash))
        // PKCS#1 v1.5 signing is deterministic.
        #expect(try key.signPKCS1v15(digest: digest, hash: hash) == pkcs)
        let pss = try key.signPSS(digest: digest, hash: hash)
        #expect(key.publicKey.isValidPSSSignature(pss, digest: digest, hash: hash))
        #expect(!key.publicKey.isValidPKCS1v15Signature(pss, digest: digest, hash: hash))
        var tampered = pss
        tampered[0] ^= 0x80
        #expect(!key.publicKey.isValidPSSSignature(tampered, digest: digest, hash: hash))
        #expect(throws: CryptoError.wrongInputSize(expected: hash.digestSize, got: 3)) {
            try key.signPSS(digest: [1, 2, 3], hash: hash)
        }
    }

    @Test("OAEP with a label round-trips; a wrong label fails")
    func oaep() throws {
        let key = RSAFixtures.key2048
        let label = Array("DUPLICATE".utf8) + [0]
        let secret = SecureBytes.random(32)
        for hash in [HashAlgorithm.sha1, .sha256, .sha384, .sha512] {
            let c = try key.publicKey.encryptOAEP(secret, hash: hash, label: label)
            #expect(c.count == 256)
            #expect(try key.decryptOAEP(c, hash: hash, label: label) == secret)
            #expect(throws: CryptoError.decryptionFailed) {
                try key.decryptOAEP(c, hash: hash, label: Array("IDENTITY".utf8) + [0])
            }
            #expect(throws: CryptoError.decryptionFailed) { try key.decryptOAEP(c, hash: hash, label: []) }
        }
        let unlabeled = try key.publicKey.encryptOAEP(secret, hash: .sha256, label: [])
        #expect(try key.decryptOAEP(unlabeled, hash: .sha256, label: []) == secret)
        #expect(throws: CryptoError.self) {
            try key.publicKey.encryptOAEP([UInt8](repeating: 1, count: 191), hash: .sha256, label: [])
        }
    }

    @Test("PKCS#1 v1.5 encryption and the raw primitive round-trip")
    func encryption() throws {
        let key = RSAFixtures.key2048
        let message = Array("seed".utf8)
        let c = try key.publicKey.encryptPKCS1v15(message)
        #expect(try key.decryptPKCS1v15(c) == message)
        let broken = try key.publicKey.encryptRaw([0x00, 0x03] + [UInt8](repeating: 0x55, count: 254))
        #expect(throws: CryptoError.decryptionFailed) { try key.decryptPKCS1v15(broken) }

        let m: [UInt8] = [0, 0, 42]
        let raw = try key.publicKey.encryptRaw(m)
        #expect(raw.count == 256)
        let back = try key.decryptRaw(raw)
        #expect(back.count == 256)
        #expect(back == [UInt8](repeating: 0, count: 255) + [42])
        // c ≥ n is no RSA input.
        #expect(throws: CryptoError.invalidInput("RSA input is not less than the modulus")) {
            try key.decryptRaw(key.publicKey.modulus)
        }
        #expect(throws: CryptoError.wrongInputSize(expected: 256, got: 257)) {
            try key.publicKey.encryptRaw([1] + [UInt8](repeating: 0, count: 256))
        }
    }

    @Test("rebuilding from the public key and either prime gives the same key")
    func rebuild() throws {
        let original = RSAFixtures.key2048
        #expect(original.prime.count == 128)
        let rebuilt = try RSA.PrivateKey(publicKey: original.publicKey, prime: original.prime)
        #expect(rebuilt.publicKey == original.publicKey)
        #expect(rebuilt.prime == original.prime)
        let digest = try Hash.digest(.sha256, [7])
        #expect(
            original.publicKey.isValidPKCS1v15Signature(
                try rebuilt.signPKCS1v15(digest: digest, hash: .sha256),
                digest: digest, hash: .sha256))
        // From the other prime, q = n / p: `prime` is always the larger one.
        let n = BigNumber(bytes: original.publicKey.modulus)
        let p = BigNumber(bytes: original.prime)
        let q = try n.divided(by: p).quotient
        let fromQ = try RSA.PrivateKey(publicKey: original.publicKey, prime: q.bytes(padded: 128))
        #expect(fromQ.prime == original.prime)

        var notAFactor = original.prime
        notAFactor[127] ^= 2
        #expect(throws: CryptoError.invalidKey("the prime does not divide the modulus")) {
            try RSA.PrivateKey(publicKey: original.publicKey, prime: notAFactor)
        }
        #expect(throws: CryptoError.self) { try RSA.PrivateKey(publicKey: original.publicKey, prime: [1]) }
    }

    @Test("derivation is deterministic in its stream")
    func derivation() throws {
        let a = try RSA.PrivateKey.derive(bits: 2048, exponent: 0, stream: RSAFixtures.stream(seed: "primary A"))
        let again = try RSA.PrivateKey.derive(bits: 2048, exponent: 0, stream: RSAFixtures.stream(seed: "primary A"))
        let b = try RSA.PrivateKey.derive(bits: 2048, exponent: 0, stream: RSAFixtures.stream(seed: "primary B"))
        #expect(a.publicKey.modulus == again.publicKey.modulus)
        #expect(a.prime == again.prime)
        #expect(a.publicKey.modulus != b.publicKey.modulus)
        #expect(a.publicKey.keyBits == 2048 && a.publicKey.exponent == 65537)
        #expect(a.publicKey.modulus[0] & 0x80 != 0)
        let digest = try Hash.digest(.sha256, [1])
        #expect(
            a.publicKey.isValidPSSSignature(try a.signPSS(digest: digest, hash: .sha256), digest: digest, hash: .sha256)
        )
        let rebuilt = try RSA.PrivateKey(publicKey: a.publicKey, prime: a.prime)
        #expect(rebuilt.publicKey == a.publicKey)
    }

    @Test("derivation refuses a stream that is not random")
    func degenerateStream() {
        #expect(throws: CryptoError.self) {
            try RSA.PrivateKey.derive(bits: 1024, exponent: 0) { [UInt8](repeating: 0, count: $0) }
        }
        #expect(throws: CryptoError.self) {
            try RSA.PrivateKey.derive(bits: 1024, exponent: 0) { _ in [1, 2, 3] }
        }
    }

    @Test("RSA-1024 and RSA-4096 generate and sign; PSS salt shrinks for RSA-1024 with SHA-512")
    func otherSizes() throws {
        let small = try RSA.PrivateKey.generate(bits: 1024, exponent: 3)
        #expect(small.publicKey.exponent == 3 && small.prime.count == 64)
        let digest = try Hash.digest(.sha512, [9])
        #expect(
            small.publicKey.isValidPSSSignature(
                try small.signPSS(digest: digest, hash: .sha512), digest: digest, hash: .sha512))
        let large = try RSA.PrivateKey.generate(bits: 4096, exponent: 65537)
        #expect(large.publicKey.keyBits == 4096 && large.prime.count == 256)
        #expect(
            large.publicKey.isValidPKCS1v15Signature(
                try large.signPKCS1v15(digest: digest, hash: .sha512),
                digest: digest, hash: .sha512))
    }

    @Test("key validation")
    func validation() throws {
        #expect(throws: CryptoError.unsupported("RSA-1536 keys")) {
            try RSA.PrivateKey.generate(bits: 1536, exponent: 0)
        }
        #expect(throws: CryptoError.self) { try RSA.PrivateKey.generate(bits: 2048, exponent: 4) }
        #expect(throws: CryptoError.self) {
            try RSA.PublicKey(modulus: [UInt8](repeating: 0xff, count: 255) + [0xfe], exponent: 0)
        }
        #expect(throws: CryptoError.self) { try RSA.PublicKey(modulus: [0xff, 0xff, 0x01], exponent: 0) }
        #expect(throws: CryptoError.self) { try RSA.PublicKey(modulus: Self.cavpModulus, exponent: 1) }
        let padded = try RSA.PublicKey(modulus: [0, 0] + Self.cavpModulus, exponent: 0)
        #expect(padded.modulus == Self.cavpModulus && padded.exponent == 65537)
    }

    @Test("PEM export")
    func pem() throws {
        let text = try RSAFixtures.key2048.publicKey.pem()
        #expect(text.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(text.hasSuffix("-----END PUBLIC KEY-----\n"))
    }
}
