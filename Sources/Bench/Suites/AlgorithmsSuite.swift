import Profiles
import TPM2
import TPMClient
import TPMTypes
import TrustCrypto

/// `algorithms`: known answers through the command interface for every algorithm the target
/// reports — Hash, HMAC and EncryptDecrypt with keys loaded by LoadExternal, VerifySignature
/// of published signatures, Sign then verify in software. One case per algorithm, so the
/// report is the per-algorithm table; an algorithm the target does not report is skipped.
enum AlgorithmsSuite {
    static let suite = BenchSuite(
        name: "algorithms",
        cases:
            hashCases + hmacCases + cipherCases + [ecdsaPublished, sm2Published] + signCases)

    /// Skips unless the target reports every one of `algorithms`.
    static func require(_ context: CaseContext, _ algorithms: [TPMAlgorithm], _ names: String) throws {
        let reported = try context.tpm.algorithms()
        if !algorithms.allSatisfy(reported.contains) {
            throw CaseSkip("\(context.target.name) does not report \(names)")
        }
    }

    // MARK: Hash (FIPS 180-4 and GM/T 0004 examples: "abc")

    static let hashAnswers: [(String, TPMAlgorithm, String)] = [
        ("sha1", .sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("sha256", .sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "sha384", .sha384,
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        ),
        (
            "sha512", .sha512,
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        ),
        ("sm3_256", .sm3_256, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    ]

    static let hashCases = hashAnswers.map { name, alg, answer in
        BenchCase(
            id: "alg.\(name)", title: "TPM2_Hash(\"abc\") with \(name) gives the published digest",
            clause: alg == .sm3_256
                ? "GM/T 0004-2012 App. A; TPM 2.0 Part 3 §15.4" : "FIPS 180-4 examples; TPM 2.0 Part 3 §15.4", needs: []
        ) { context in
            try require(context, [alg], name)
            let digest = try context.tpm.link.call(HashCommand.self, .init(data: Array("abc".utf8), hashAlg: alg))
                .outHash
            try context.expect(digest == hex(answer), "\(name)(\"abc\") is \(hexString(digest))")
        }
    }

    // MARK: HMAC (RFC 2202 and RFC 4231 test case 2: key "Jefe")

    static let hmacAnswers: [(String, TPMAlgorithm, String)] = [
        ("sha1", .sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        ("sha256", .sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (
            "sha384", .sha384,
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"
        ),
        (
            "sha512", .sha512,
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        ),
    ]

    static let hmacCases = hmacAnswers.map { name, alg, answer in
        BenchCase(
            id: "alg.hmac-\(name)", title: "TPM2_HMAC with a LoadExternal key gives RFC 2202/4231 test case 2",
            clause: "RFC 2202, RFC 4231 §4.3; TPM 2.0 Part 3 §15.5", needs: []
        ) { context in
            try require(context, [.hmac, .keyedHash, alg], "hmac with \(name)")
            let key = try loadKnownKey(
                context, type: .keyedHash, nameAlg: alg, key: Array("Jefe".utf8),
                parameters: .keyedHash(scheme: TPMScheme(.hmac, hash: alg)), attributes: [.userWithAuth, .sign])
            let mac = try context.tpm.link.call(
                HMACCommand.self, handles: [key.handle],
                .init(buffer: Array("what do ya want for nothing?".utf8), hashAlg: alg), passwords: [[]]
            ).outHMAC
            try context.expect(mac == hex(answer), "HMAC-\(name) is \(hexString(mac))")
        }
    }

    /// LoadExternal of a symmetric or keyed-hash key the bench knows: unique = H(seed || key).
    static func loadKnownKey(
        _ context: CaseContext, type: TPMAlgorithm, nameAlg: TPMAlgorithm = .sha256, key: [UInt8],
        parameters: TPMPublicParameters, attributes: TPMObjectAttributes
    ) throws -> LoadedKey {
        guard let hash = nameAlg.hashAlgorithm else { throw CaseFailure("no software hash for the key's nameAlg") }
        let seed = SecureBytes.random(hash.digestSize)
        let publicArea = TPMPublic(
            type: type, nameAlg: nameAlg, attributes: attributes.union(.noDA), parameters: parameters,
            unique: .digest(try Hash.digest(hash, seed + key)))
        let sensitive = TPMSensitive(type: type, authValue: [], seedValue: seed, sensitive: key)
        return context.scoped(try context.tpm.loadExternal(publicArea, sensitive: sensitive))
    }

    // MARK: Block ciphers (SP 800-38A F.1.1/F.3.13, GM/T 0002 App. A, RFC 3713, TDES recomputed by an independent library)

    struct CipherAnswer {
        var id: String, algorithm: TPMAlgorithm, mode: TPMAlgorithm, key: String, iv: String, plain: String,
            cipher: String, source: String
    }

    static let cipherAnswers = [
        CipherAnswer(
            id: "aes-128-ecb", algorithm: .aes, mode: .ecb, key: "2b7e151628aed2a6abf7158809cf4f3c", iv: "",
            plain: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51",
            cipher: "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf", source: "SP 800-38A F.1.1"),
        CipherAnswer(
            id: "aes-128-cfb", algorithm: .aes, mode: .cfb, key: "2b7e151628aed2a6abf7158809cf4f3c",
            iv: "000102030405060708090a0b0c0d0e0f",
            plain: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51",
            cipher: "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b", source: "SP 800-38A F.3.13"),
        CipherAnswer(
            id: "sm4-128-ecb", algorithm: .sm4, mode: .ecb, key: "0123456789abcdeffedcba9876543210", iv: "",
            plain: "0123456789abcdeffedcba9876543210", cipher: "681edf34d206965e86b3e94f536e4246",
            source: "GM/T 0002-2012 App. A"),
        CipherAnswer(
            id: "camellia-128-ecb", algorithm: .camellia, mode: .ecb, key: "0123456789abcdeffedcba9876543210", iv: "",
            plain: "0123456789abcdeffedcba9876543210", cipher: "67673138549669730857065648eabe43",
            source: "RFC 3713 App. A"),
        CipherAnswer(
            id: "tdes-192-ecb", algorithm: .tdes, mode: .ecb, key: "0123456789abcdef23456789abcdef01456789abcdef0123",
            iv: "",
            plain: "54686520717569636b2062726f776e20666f78206a756d70",  // "The quick brown fox jump"
            cipher: "1ccf23869d09333ecce21c8112256fe668d5c05dd9b6b900",
            source: "TDES-EDE3, recomputed with pyca/cryptography"),
    ]

    static let cipherCases = cipherAnswers.map { answer in
        BenchCase(
            id: "alg.\(answer.id)",
            title: "EncryptDecrypt2 with a LoadExternal key gives the \(answer.source) ciphertext and back",
            clause: "\(answer.source); TPM 2.0 Part 3 §15.3", needs: []
        ) { context in
            try require(context, [.symcipher, answer.algorithm, answer.mode], answer.id)
            let key = hex(answer.key)
            let loaded = try loadKnownKey(
                context, type: .symcipher, key: key,
                parameters: .symCipher(
                    TPMSymmetricDefinition(answer.algorithm, keyBits: UInt16(key.count * 8), mode: .null)),
                attributes: [.userWithAuth, .sign, .decrypt])
            let client = context.tpm.link
            let iv = hex(answer.iv)
            let mode = answer.mode
            let run = { (data: [UInt8], decrypt: Bool) throws(TPMCommandFailure) -> [UInt8] in
                let parameters = EncryptDecrypt2.Parameters(inData: data, decrypt: decrypt, mode: mode, ivIn: iv)
                return try client.call(EncryptDecrypt2.self, handles: [loaded.handle], parameters, passwords: [[]])
                    .outData
            }
            let encrypted = try run(hex(answer.plain), false)
            try context.expect(encrypted == hex(answer.cipher), "\(answer.id) encrypts to \(hexString(encrypted))")
            try context.expect(try run(encrypted, true) == hex(answer.plain), "\(answer.id) does not decrypt back")
        }
    }

    // MARK: Published signatures through VerifySignature

    /// RFC 6979 A.2.5: P-256, SHA-256, message "sample".
    static let ecdsaPublished = BenchCase(
        id: "alg.ecdsa-p256-published",
        title: "VerifySignature accepts RFC 6979's P-256 signature and refuses it altered",
        clause: "RFC 6979 A.2.5; TPM 2.0 Part 3 §20.1", needs: []
    ) { context in
        try require(context, [.ecc, .ecdsa, .sha256], "ecdsa on nist_p256")
        try verifyPublished(
            context, curve: .nistP256, scheme: .ecdsa,
            x: "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
            y: "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
            digest: Hash.digest(.sha256, Array("sample".utf8)), hash: .sha256,
            r: "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
            s: "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")
    }

    /// GM/T 0003.5 Annex A on the recommended curve: e = SM3(ZA || "message digest").
    static let sm2Published = BenchCase(
        id: "alg.sm2-published",
        title: "VerifySignature accepts the GM/T 0003 example SM2 signature and refuses it altered",
        clause: "GM/T 0003.5-2012 Annex A; TPM 2.0 Part 3 §20.1", needs: []
    ) { context in
        try require(context, [.ecc, .sm2, .sm3_256], "sm2 with sm3_256")
        let d = hex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8")
        let point = try ECC.PrivateKey(curve: .sm2P256, scalar: d).publicKey.point
        try verifyPublished(
            context, curve: .sm2P256, scheme: .sm2, x: hexString(point.x), y: hexString(point.y),
            digest: hex("f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640"), hash: .sm3_256,
            r: "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3",
            s: "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa")
    }

    static func verifyPublished(
        _ context: CaseContext, curve: TPMECCCurve, scheme: TPMAlgorithm, x: String, y: String,
        digest: [UInt8], hash: TPMAlgorithm, r: String, s: String
    ) throws {
        let publicArea = TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: [.userWithAuth, .sign],
            parameters: .ecc(symmetric: .null, scheme: TPMScheme(scheme, hash: hash), curve: curve, kdf: .null),
            unique: .ecc(TPMECCPoint(x: hex(x), y: hex(y))))
        let key = context.scoped(try context.tpm.loadExternal(publicArea))
        let signature = TPMSignature(algorithm: scheme, body: .ecc(hash: hash, r: hex(r), s: hex(s)))
        _ = try context.tpm.verifySignature(key.handle, digest: digest, signature: signature)
        var altered = digest
        altered[0] ^= 1
        try context.expectCode(0x2DB, anyNumber: true, "an altered digest (TPM_RC_SIGNATURE)") {
            _ = try context.tpm.verifySignature(key.handle, digest: altered, signature: signature)
        }
    }

    // MARK: Sign, then verify in software

    static let signCases: [BenchCase] = [
        ("rsassa", TPMAlgorithm.rsassa), ("rsapss", .rsapss), ("ecdsa", .ecdsa),
    ].map { name, scheme in
        BenchCase(
            id: "alg.sign-\(name)", title: "a \(name) signature by a TPM key verifies in software",
            clause: "TPM 2.0 Part 3 §20.2; RFC 8017 / FIPS 186-4", needs: []
        ) { context in
            let isRSA = scheme == .rsassa || scheme == .rsapss
            try require(context, [isRSA ? .rsa : .ecc, scheme, .sha256], name)
            let template = TPMPublic(
                type: isRSA ? .rsa : .ecc, nameAlg: .sha256,
                attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
                parameters: isRSA
                    ? .rsa(symmetric: .null, scheme: TPMScheme(scheme, hash: .sha256), keyBits: 2048, exponent: 0)
                    : .ecc(symmetric: .null, scheme: TPMScheme(scheme, hash: .sha256), curve: .nistP256, kdf: .null),
                unique: isRSA ? .rsa([]) : .ecc(TPMECCPoint()))
            let key = context.scoped(try context.tpm.createPrimary(TPMRH.owner, template))
            let message = Array("signed for the algorithms suite".utf8)
            try Verifier.signAndVerify(context.tpm, key: key, message: message)
        }
    }

    /// The suite's known answers are constants written as hex.
    static func hex(_ text: String) -> [UInt8] { Hex.bytes(text) ?? [] }
    static func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
