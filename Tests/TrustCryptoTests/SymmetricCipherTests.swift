import Testing

@testable import TrustCrypto

@Suite("SymmetricCipher")
struct SymmetricCipherTests {
    /// NIST SP 800-38A Appendix F: the four-block plaintext, keys and IVs.
    static let plaintext = hex(
        """
        6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
        """)
    static let key128 = hex("2b7e151628aed2a6abf7158809cf4f3c")
    static let key256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    static let iv = hex("000102030405060708090a0b0c0d0e0f")
    static let counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")

    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let mode: SymmetricMode
        let key: [UInt8]
        let iv: [UInt8]
        let ciphertext: [UInt8]
        let ivOut: [UInt8]
        var testDescription: String { name }
    }

    /// F.1.1 ECB-AES128, F.2.1 CBC-AES128, F.2.5 CBC-AES256, F.3.13 CFB128-AES128, F.4.1 OFB-AES128,
    /// F.5.1 CTR-AES128, F.5.5 CTR-AES256. ivOut: CBC and CFB the last ciphertext block, OFB the last
    /// output block (F.4.1 lists it), CTR the counter after the fourth block, ECB the IV untouched.
    static let vectors: [Vector] = [
        Vector(
            name: "ECB-AES128", mode: .ecb, key: key128, iv: iv,
            ciphertext: hex(
                """
                3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
                43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4
                """), ivOut: iv),
        Vector(
            name: "CBC-AES128", mode: .cbc, key: key128, iv: iv,
            ciphertext: hex(
                """
                7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
                73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7
                """), ivOut: hex("3ff1caa1681fac09120eca307586e1a7")),
        Vector(
            name: "CBC-AES256", mode: .cbc, key: key256, iv: iv,
            ciphertext: hex(
                """
                f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
                39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b
                """), ivOut: hex("b2eb05e2c39be9fcda6c19078c6a9d1b")),
        Vector(
            name: "CFB128-AES128", mode: .cfb, key: key128, iv: iv,
            ciphertext: hex(
                """
                3b3fd92eb72dad20333449f8e83cfb4a c8a64537a0b3a93fcde3cdad9f1ce58b
                26751f67a3cbb140b1808cf187a4f4df c04b05357c5d1c0eeac4c66f9ff7f2e6
                """), ivOut: hex("c04b05357c5d1c0eeac4c66f9ff7f2e6")),
        Vector(
            name: "OFB-AES128", mode: .ofb, key: key128, iv: iv,
            ciphertext: hex(
                """
                3b3fd92eb72dad20333449f8e83cfb4a 7789508d16918f03f53c52dac54ed825
                9740051e9c5fecf64344f7a82260edcc 304c6528f659c77866a510d9c1d6ae5e
                """), ivOut: hex("c6d3416d29165c6fcb8e51a227ba994e")),
        Vector(
            name: "CTR-AES128", mode: .ctr, key: key128, iv: counter,
            ciphertext: hex(
                """
                874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
                5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee
                """), ivOut: hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff03")),
        Vector(
            name: "CTR-AES256", mode: .ctr, key: key256, iv: counter,
            ciphertext: hex(
                """
                601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
                2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6
                """), ivOut: hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff03")),
    ]

    @Test("SP 800-38A known answers, both directions", arguments: vectors)
    func knownAnswers(vector: Vector) throws {
        let encrypted = try SymmetricCipher.encrypt(
            .aes, mode: vector.mode, key: vector.key, iv: vector.iv, data: Self.plaintext)
        #expect(encrypted.output == vector.ciphertext)
        #expect(encrypted.ivOut == vector.ivOut)
        let decrypted = try SymmetricCipher.decrypt(
            .aes, mode: vector.mode, key: vector.key, iv: vector.iv, data: vector.ciphertext)
        #expect(decrypted.output == Self.plaintext)
        #expect(decrypted.ivOut == vector.ivOut)
    }

    /// TPM2_EncryptDecrypt chaining: two calls continuing from ivOut equal one call over the whole.
    @Test("chaining across calls", arguments: [SymmetricMode.cbc, .cfb, .ofb, .ctr, .ecb])
    func chaining(mode: SymmetricMode) throws {
        let whole = try SymmetricCipher.encrypt(.aes, mode: mode, key: Self.key128, iv: Self.iv, data: Self.plaintext)
        let first = try SymmetricCipher.encrypt(
            .aes, mode: mode, key: Self.key128, iv: Self.iv, data: Array(Self.plaintext[..<32]))
        let second = try SymmetricCipher.encrypt(
            .aes, mode: mode, key: Self.key128, iv: first.ivOut, data: Array(Self.plaintext[32...]))
        #expect(first.output + second.output == whole.output)
        #expect(second.ivOut == whole.ivOut)
    }

    /// A trailing partial block (libtpms rule): CFB hands back the keystream block with the produced
    /// ciphertext bytes in front; CTR the counter after the partial block; OFB the whole keystream block.
    @Test("partial final block")
    func partialBlock() throws {
        let data = Array(Self.plaintext[..<20])
        let cfb = try SymmetricCipher.encrypt(.aes, mode: .cfb, key: Self.key128, iv: Self.iv, data: data)
        #expect(cfb.output == Array(hex("3b3fd92eb72dad20333449f8e83cfb4ac8a64537")))
        // Keystream for block 2 is E(C1); the first 4 bytes are replaced by the 4 ciphertext bytes.
        let keystream = try SymmetricCipher.encrypt(
            .aes, mode: .ecb, key: Self.key128, iv: [],
            data: hex("3b3fd92eb72dad20333449f8e83cfb4a")
        ).output
        #expect(cfb.ivOut == hex("c8a64537") + keystream[4...])
        let back = try SymmetricCipher.decrypt(.aes, mode: .cfb, key: Self.key128, iv: Self.iv, data: cfb.output)
        #expect(back.output == data)
        #expect(back.ivOut == cfb.ivOut)

        let ctr = try SymmetricCipher.encrypt(.aes, mode: .ctr, key: Self.key128, iv: Self.counter, data: data)
        #expect(ctr.output == Array(hex("874d6191b620e3261bef6864990db6ce9806f66b")))
        #expect(ctr.ivOut == hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff01"))

        let ofb = try SymmetricCipher.encrypt(.aes, mode: .ofb, key: Self.key128, iv: Self.iv, data: data)
        #expect(ofb.ivOut == hex("7789508d16918f03f53c52dac54ed825").enumerated().map { $1 ^ Self.plaintext[16 + $0] })
    }

    /// The counter is the whole 128-bit block, carrying across all bytes.
    @Test("CTR carries through the whole block")
    func counterCarry() throws {
        let iv = hex("00ffffffffffffffffffffffffffffff")
        let result = try SymmetricCipher.encrypt(
            .aes, mode: .ctr, key: Self.key128, iv: iv, data: [UInt8](repeating: 0, count: 32))
        #expect(result.ivOut == hex("01000000000000000000000000000001"))
        let second = try SymmetricCipher.encrypt(
            .aes, mode: .ecb, key: Self.key128, iv: [],
            data: hex("01000000000000000000000000000000")
        ).output
        #expect(Array(result.output[16...]) == second)
    }

    /// GB/T 32907-2016 Appendix A example 1.
    @Test("SM4 known answer")
    func sm4() throws {
        let key = hex("0123456789abcdeffedcba9876543210")
        let result = try SymmetricCipher.encrypt(.sm4, mode: .ecb, key: key, iv: [], data: key)
        #expect(result.output == hex("681edf34d206965e86b3e94f536e4246"))
        for mode in [SymmetricMode.cfb, .ctr, .ofb, .cbc] {
            let encrypted = try SymmetricCipher.encrypt(.sm4, mode: mode, key: key, iv: Self.iv, data: Self.plaintext)
            let decrypted = try SymmetricCipher.decrypt(.sm4, mode: mode, key: key, iv: Self.iv, data: encrypted.output)
            #expect(decrypted.output == Self.plaintext)
            #expect(decrypted.ivOut == encrypted.ivOut)
        }
    }

    /// RFC 3713 §A: one block under the 128-, 192- and 256-bit keys; then every mode round-trips.
    @Test(
        "Camellia known answers (RFC 3713)",
        arguments: [
            ("0123456789abcdeffedcba9876543210", "67673138549669730857065648eabe43"),
            ("0123456789abcdeffedcba98765432100011223344556677", "b4993401b3e996f84ee5cee7d79b09b9"),
            ("0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff", "9acc237dff16d76c20ef7c919e3a7509"),
        ])
    func camellia(key: String, ciphertext: String) throws {
        let plain = hex("0123456789abcdeffedcba9876543210")
        #expect(
            try SymmetricCipher.encrypt(.camellia, mode: .ecb, key: hex(key), iv: [], data: plain).output
                == hex(ciphertext))
        #expect(
            try SymmetricCipher.decrypt(.camellia, mode: .ecb, key: hex(key), iv: [], data: hex(ciphertext)).output
                == plain)
        for mode in [SymmetricMode.cfb, .ctr, .ofb, .cbc] {
            let encrypted = try SymmetricCipher.encrypt(
                .camellia, mode: mode, key: hex(key), iv: Self.iv, data: Self.plaintext)
            let decrypted = try SymmetricCipher.decrypt(
                .camellia, mode: mode, key: hex(key), iv: Self.iv, data: encrypted.output)
            #expect(decrypted.output == Self.plaintext)
            #expect(decrypted.ivOut == encrypted.ivOut)
        }
    }

    /// SP 800-67 Rev. 1 Appendix B (three keys, ECB); a two-key key is K1 K2 K1, and with
    /// K1 = K2 TDES is single DES (the classic DES example: 133457799BBCDFF1, 0123456789ABCDEF).
    @Test("TDES known answers (SP 800-67) and two-key keying")
    func tdes() throws {
        let key = hex("0123456789abcdef23456789abcdef01456789abcdef0123")
        let plain = hex("5468652071756663 6b2062726f776e20 666f78206a756d70")
        let cipher = hex("a826fd8ce53b855f cce21c8112256fe6 68d5c05dd9b6b900")
        #expect(try SymmetricCipher.encrypt(.tdes, mode: .ecb, key: key, iv: [], data: plain).output == cipher)
        #expect(try SymmetricCipher.decrypt(.tdes, mode: .ecb, key: key, iv: [], data: cipher).output == plain)
        let des = hex("133457799bbcdff1")
        #expect(
            try SymmetricCipher.encrypt(.tdes, mode: .ecb, key: des + des, iv: [], data: hex("0123456789abcdef")).output
                == hex("85e813540f0ab405"))
        let twoKey = Array(key.prefix(16))
        let iv = Array(Self.iv.prefix(8))
        for mode in [SymmetricMode.cfb, .ctr, .ofb, .cbc, .ecb] {
            let short = try SymmetricCipher.encrypt(.tdes, mode: mode, key: twoKey, iv: iv, data: plain)
            let long = try SymmetricCipher.encrypt(.tdes, mode: mode, key: twoKey + key.prefix(8), iv: iv, data: plain)
            #expect(short == long, "\(mode)")
            let back = try SymmetricCipher.decrypt(.tdes, mode: mode, key: twoKey, iv: iv, data: short.output)
            #expect(back.output == plain && back.ivOut == short.ivOut, "\(mode)")
        }
    }

    /// TDES has no CTR in libcrypto: ours over ECB steps a 64-bit counter once per block begun.
    @Test("TDES CTR over ECB, carrying and partial")
    func tdesCounter() throws {
        let key = hex("0123456789abcdef23456789abcdef01456789abcdef0123")
        let counter = hex("00ffffffffffffff")
        let result = try SymmetricCipher.encrypt(
            .tdes, mode: .ctr, key: key, iv: counter, data: [UInt8](repeating: 0, count: 20))
        #expect(result.ivOut == hex("0100000000000002"))
        let keystream = try SymmetricCipher.encrypt(
            .tdes, mode: .ecb, key: key, iv: [],
            data: counter + hex("0100000000000000 0100000000000001")
        ).output
        #expect(result.output == Array(keystream.prefix(20)))
    }

    @Test("AES-192 round trip")
    func aes192() throws {
        let key = (0..<24).map { UInt8($0) }
        let encrypted = try SymmetricCipher.encrypt(
            .aes, mode: .cfb, key: key, iv: Self.iv, data: Array(Self.plaintext[..<33]))
        #expect(
            try SymmetricCipher.decrypt(.aes, mode: .cfb, key: key, iv: Self.iv, data: encrypted.output).output
                == Array(Self.plaintext[..<33]))
    }

    @Test("input errors")
    func errors() throws {
        #expect(throws: CryptoError.wrongInputSize(expected: 32, got: 20)) {
            try SymmetricCipher.encrypt(
                .aes, mode: .cbc, key: Self.key128, iv: Self.iv, data: [UInt8](repeating: 0, count: 20))
        }
        #expect(throws: CryptoError.wrongInputSize(expected: 16, got: 15)) {
            try SymmetricCipher.decrypt(
                .aes, mode: .ecb, key: Self.key128, iv: [], data: [UInt8](repeating: 0, count: 15))
        }
        #expect(throws: CryptoError.wrongInputSize(expected: 16, got: 8)) {
            try SymmetricCipher.encrypt(
                .aes, mode: .cfb, key: Self.key128, iv: [UInt8](repeating: 0, count: 8), data: [1])
        }
        #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt(.aes, mode: .cfb, key: [UInt8](repeating: 0, count: 20), iv: Self.iv, data: [1])
        }
        #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt(.sm4, mode: .cfb, key: Self.key256, iv: Self.iv, data: [1])
        }
        let empty = try SymmetricCipher.encrypt(.aes, mode: .cbc, key: Self.key128, iv: Self.iv, data: [])
        #expect(empty.output.isEmpty && empty.ivOut == Self.iv)
    }
}

@Suite("TDES keys")
struct TDESKeyTests {
    @Test("odd parity replaces the low bit of each byte")
    func parity() {
        #expect(TDESKey.withOddParity(hex("00 01 fe ff 12 13 80 81")) == hex("01 01 fe fe 13 13 80 80"))
    }

    /// FIPS 74's weak keys (with or without parity bits), a semi-weak pair, K1 = K2 and K2 = K3.
    @Test("weak, semi-weak and degenerate keys are refused; ordinary keys pass")
    func validation() {
        let good1 = hex("0123456789abcdef")
        let good2 = hex("23456789abcdef01")
        let good3 = hex("456789abcdef0123")
        #expect(TDESKey.isValid(good1 + good2))
        #expect(TDESKey.isValid(good1 + good2 + good3))
        #expect(TDESKey.isValid(good1 + good2 + good1))
        #expect(!TDESKey.isValid(hex("0101010101010101") + good2))
        #expect(!TDESKey.isValid(good1 + hex("0000000000000000")))
        #expect(!TDESKey.isValid(good1 + good2 + hex("e0fee0fef1fef1fe")))
        #expect(!TDESKey.isValid(good1 + good1))
        #expect(!TDESKey.isValid(good1 + good2 + good2))
        #expect(!TDESKey.isValid(good1))
        #expect(TDESKey.weakKeys.count == 64)
    }
}
