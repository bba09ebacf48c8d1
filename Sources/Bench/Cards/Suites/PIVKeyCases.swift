import TrustCrypto

/// The piv suite's key cases: a key generated for every asymmetric algorithm the card lists,
/// used for what its slot is for (signing, key establishment, decryption), each result checked
/// in software against the public key GENERATE answered, and refused without the PIN its slot
/// asks for. Each replaces a slot's key, so each is destructive.
extension PIVSuite {
    /// An asymmetric algorithm identifier of SP 800-78-4 Table 6-2 (06, 07, 11, 14) or of
    /// Yubico's extension (05 RSA 3072, 16 RSA 4096), with what checks its keys.
    struct KeyAlgorithm: Sendable {
        let identifier: UInt8
        /// For people and case ids: "RSA 2048", "P-256".
        let name: String
        /// The modulus length in bytes of an RSA algorithm; nil for EC.
        let modulusBytes: Int?
        /// The curve of an EC algorithm; nil for RSA.
        let curve: ECCCurve?
        /// The hash signed with this key (the one SP 800-78-4 Table 3-2 pairs with it).
        let hash: HashAlgorithm

        var slug: String {
            name.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
        }
        var isRSA: Bool { modulusBytes != nil }
    }

    static let keyAlgorithms: [KeyAlgorithm] = [
        KeyAlgorithm(identifier: 0x06, name: "RSA 1024", modulusBytes: 128, curve: nil, hash: .sha256),
        KeyAlgorithm(identifier: 0x07, name: "RSA 2048", modulusBytes: 256, curve: nil, hash: .sha256),
        KeyAlgorithm(identifier: 0x05, name: "RSA 3072", modulusBytes: 384, curve: nil, hash: .sha256),
        KeyAlgorithm(identifier: 0x16, name: "RSA 4096", modulusBytes: 512, curve: nil, hash: .sha256),
        KeyAlgorithm(identifier: 0x11, name: "P-256", modulusBytes: nil, curve: .nistP256, hash: .sha256),
        KeyAlgorithm(identifier: 0x14, name: "P-384", modulusBytes: nil, curve: .nistP384, hash: .sha384),
    ]

    static let authenticationSlot: UInt8 = 0x9A
    static let signatureSlot: UInt8 = 0x9C
    static let keyManagementSlot: UInt8 = 0x9D

    /// A public key as GENERATE answers it (7F49), loaded for checking the card's results.
    enum PublicKey {
        case rsa(RSA.PublicKey)
        case ec(ECC.PublicKey)
    }

    /// One case per algorithm: GENERATE in the PIV authentication slot, then a signature that
    /// must verify with the public key the card answered.
    static let generationCases: [CardCase] = keyAlgorithms.map { algorithm in
        CardCase(
            "piv.generate-\(algorithm.slug)",
            "GENERATE makes \(algorithm.isRSA ? "an" : "a") \(algorithm.name) key whose signature verifies with the public key it answers",
            clause: "SP 800-73-4 Part 2 §3.3.2, §3.2.4; SP 800-78-4 Table 6-2", needs: [.destructive]
        ) { context in
            try context.card.requireAdvertised(algorithm)
            let publicKey = try context.card.pivGenerate(algorithm, in: authenticationSlot)
            try context.card.verifyPIVPIN()
            try context.card.checkSignature(algorithm, slot: authenticationSlot, publicKey)
        }
    }

    static let keyNeedsPIN = CardCase(
        "piv.key-needs-pin", "The PIV authentication key signs after VERIFY and is refused (6982) once that is reset",
        clause: "SP 800-73-4 Part 1 Table 4b; Part 2 §3.2.1 (P1 FF), §3.2.4; SP 800-85A-4 DTR 05.36B",
        needs: [.destructive]
    ) { context in
        let algorithm = try context.card.quickestAlgorithm()
        let publicKey = try context.card.pivGenerate(algorithm, in: authenticationSlot)
        try context.card.verifyPIVPIN()
        try context.card.checkSignature(algorithm, slot: authenticationSlot, publicKey)
        try context.card.forgetPIVPIN()
        try context.expect(
            context.card.pivSign(algorithm, slot: authenticationSlot, digest: Hash.digest(algorithm.hash, [0x01])),
            [0x6982], "GENERAL AUTHENTICATE with key 9A once the PIN's status was reset")
    }

    static let signaturePINAlways = CardCase(
        "piv.signature-pin-always", "The digital signature key (9C) needs a VERIFY before every signature",
        clause: "SP 800-73-4 Part 1 Table 4b; FIPS 201-2 §4.2.2 (PIN Always); SP 800-85A-4 DTR 05.36B",
        needs: [.destructive]
    ) { context in
        let algorithm = try context.card.quickestAlgorithm()
        let publicKey = try context.card.pivGenerate(algorithm, in: signatureSlot)
        try context.card.verifyPIVPIN()
        try context.card.checkSignature(algorithm, slot: signatureSlot, publicKey)
        try context.expect(
            context.card.pivSign(algorithm, slot: signatureSlot, digest: Hash.digest(algorithm.hash, [0x02])),
            [0x6982], "a second signature with key 9C without a VERIFY in between")
        try context.card.verifyPIVPIN()
        try context.card.checkSignature(algorithm, slot: signatureSlot, publicKey)
    }

    static let keyAgreement = CardCase(
        "piv.key-agreement", "The key management key (9D) answers the ECDH shared secret of a host's point",
        clause: "SP 800-73-4 Part 2 §3.2.4 (85 exponentiation); SP 800-78-4 §3.2; SP 800-56A §5.7.1.2",
        needs: [.destructive]
    ) { context in
        let advertised = try context.card.advertisedAlgorithms()
        guard let algorithm = keyAlgorithms.first(where: { !$0.isRSA && advertised.contains($0.identifier) }),
            let curve = algorithm.curve
        else {
            throw CaseSkip("the card lists no elliptic-curve algorithm (11 or 14)")
        }
        guard case .ec(let cardKey) = try context.card.pivGenerate(algorithm, in: keyManagementSlot) else {
            throw CaseFailure("GENERATE of a \(algorithm.name) key answered an RSA key")
        }
        try context.card.verifyPIVPIN()
        let host = try ECC.PrivateKey.generate(curve: curve)
        let hostPoint = [0x04] + host.publicKey.point.x + host.publicKey.point.y
        let answer = try context.card.sendChained(
            generalAuthenticate(
                algorithm.identifier, key: keyManagementSlot, [(0x82, []), (0x85, hostPoint)]))
        let secret = try context.card.pivResponse(answer, "ECDH with key 9D")
        let expected = try host.sharedPoint(with: cardKey.point).x
        guard secret.count == curve.keySize, SecureBytes.equal(secret, expected) else {
            throw CaseFailure(
                "the card's shared secret (\(secret.count) bytes) is not the x-coordinate of the host's ECDH result")
        }
    }

    static let keyDecryption = CardCase(
        "piv.key-decryption", "The key management key (9D) decrypts what its RSA public key encrypted",
        clause: "SP 800-73-4 Part 2 §3.2.4; SP 800-78-4 §3.2; RFC 8017 §7.2", needs: [.destructive]
    ) { context in
        let advertised = try context.card.advertisedAlgorithms()
        // RSA 2048 first: the size a PIV card must offer; any other listed one otherwise.
        let rsa = keyAlgorithms.filter { $0.isRSA && advertised.contains($0.identifier) }
        guard let algorithm = rsa.first(where: { $0.identifier == 0x07 }) ?? rsa.first else {
            throw CaseSkip("the card lists no RSA algorithm (06, 07, 05 or 16)")
        }
        guard case .rsa(let cardKey) = try context.card.pivGenerate(algorithm, in: keyManagementSlot) else {
            throw CaseFailure("GENERATE of an \(algorithm.name) key answered an EC key")
        }
        try context.card.verifyPIVPIN()
        let message = SecureBytes.random(32)
        let ciphertext = try cardKey.encryptPKCS1v15(message)
        let answer = try context.card.sendChained(
            generalAuthenticate(algorithm.identifier, key: keyManagementSlot, [(0x82, []), (0x81, ciphertext)]))
        let block = try context.card.pivResponse(answer, "RSA decryption with key 9D")
        // EME-PKCS1-v1_5 (RFC 8017 §7.2.2): 00 02, at least eight nonzero bytes, 00, the message.
        let padding = block.dropFirst(2).prefix { $0 != 0x00 }
        guard block.count == cardKey.modulus.count, block.starts(with: [0x00, 0x02]), padding.count >= 8,
            SecureBytes.equal(Array(block.dropFirst(3 + padding.count)), message)
        else {
            throw CaseFailure("the card's decryption is not the PKCS#1 v1.5 block holding the host's message")
        }
    }
}

extension BenchCard {
    /// The asymmetric algorithm identifiers the card lists in its property template's AC.
    func advertisedAlgorithms() throws -> [UInt8] {
        try pivAlgorithms(pivPropertyTemplate(PIVSuite.aid))
    }

    /// Skips the case unless the card lists `algorithm`.
    func requireAdvertised(_ algorithm: PIVSuite.KeyAlgorithm) throws {
        guard try advertisedAlgorithms().contains(algorithm.identifier) else {
            throw CaseSkip(
                "the card does not list \(algorithm.name) (\(CardTranscript.hex([algorithm.identifier]))) in its property template"
            )
        }
    }

    /// The listed algorithm whose keys are made fastest: an EC one, else the smallest RSA.
    func quickestAlgorithm() throws -> PIVSuite.KeyAlgorithm {
        let advertised = try advertisedAlgorithms()
        let listed = PIVSuite.keyAlgorithms.filter { advertised.contains($0.identifier) }
        guard let algorithm = listed.first(where: { !$0.isRSA }) ?? listed.first else {
            throw CaseFailure("the property template lists no asymmetric algorithm (06, 07, 05, 16, 11, 14)")
        }
        return algorithm
    }

    /// Mutual authentication with the management key given, which GENERATE and PUT DATA need.
    func authenticateManagementKey() throws {
        let key = try managementKey()
        let algorithm = try managementKeyAlgorithm()
        guard let cipher = PIVSuite.cipher(algorithm), PIVSuite.keySize(algorithm) == key.count else {
            throw CaseSkip(
                "the key given does not fit the card management key's algorithm \(CardTranscript.hex([algorithm]))")
        }
        let answer = try answerManagementWitness(algorithm, key: key, challenge: SecureBytes.random(cipher.blockSize))
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("mutual authentication with the card management key answered \(answer.status)")
        }
        _ = try following(answer, ne: 256)
    }

    /// VERIFY of the PIN given; fails the case when the card refuses it.
    func verifyPIVPIN() throws {
        let answer = try send(CardCommand(ins: 0x20, p2: PIVSuite.pinReference, data: pivPIN()))
        guard answer.sw == 0x9000 else {
            throw CaseFailure("VERIFY of the PIN given with --card-pin 80= answered \(answer.status)")
        }
    }

    /// Resets the PIN's security status: VERIFY with P1 FF (Part 2 §3.2.1), or a power cycle on
    /// a card that predates it.
    func forgetPIVPIN() throws {
        let answer = try send(CardCommand(ins: 0x20, p1: 0xFF, p2: PIVSuite.pinReference))
        if answer.sw != 0x9000 { try powerCycle() }
    }

    /// GENERATE ASYMMETRIC KEY PAIR of `algorithm` in `slot`, after the management key; the
    /// public key it answers, checked against the algorithm's sizes.
    func pivGenerate(_ algorithm: PIVSuite.KeyAlgorithm, in slot: UInt8) throws -> PIVSuite.PublicKey {
        try authenticateManagementKey()
        let template: [UInt8] = [0xAC, 0x03, 0x80, 0x01, algorithm.identifier]
        let answer = try send(CardCommand(ins: 0x47, p2: slot, data: template, ne: 256))
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure(
                "GENERATE of a \(algorithm.name) key in \(CardTranscript.hex([slot])) answered \(answer.status)")
        }
        let data = try following(answer, ne: 65_536)
        guard let outer = BenchTLV.elements(data), outer.count == 1, outer[0].tag == 0x7F49,
            let fields = BenchTLV.elements(outer[0].value)
        else {
            throw CaseFailure("GENERATE answered no public key template 7F49: \(CardTranscript.hex(data))")
        }
        return try PIVSuite.publicKey(fields, algorithm)
    }

    /// GENERAL AUTHENTICATE signing `digest` with the key in `slot`: RSA over the PKCS#1 v1.5
    /// block the host builds (the card's operation is raw), EC over the digest itself.
    func pivSign(_ algorithm: PIVSuite.KeyAlgorithm, slot: UInt8, digest: [UInt8]) throws -> CardAnswer {
        var input = digest
        if let size = algorithm.modulusBytes {
            let digestInfo = PIVSuite.digestInfoPrefix(algorithm.hash) + digest
            input = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: size - 3 - digestInfo.count) + [0x00] + digestInfo
        }
        return try sendChained(
            PIVSuite.generalAuthenticate(algorithm.identifier, key: slot, [(0x82, []), (0x81, input)]))
    }

    /// Signs a fresh digest with the key in `slot` and fails the case unless the signature
    /// verifies with `publicKey`.
    func checkSignature(_ algorithm: PIVSuite.KeyAlgorithm, slot: UInt8, _ publicKey: PIVSuite.PublicKey) throws {
        let digest = try Hash.digest(algorithm.hash, SecureBytes.random(32))
        let signature = try pivResponse(
            pivSign(algorithm, slot: slot, digest: digest), "a signature with key \(CardTranscript.hex([slot]))")
        let valid: Bool
        switch publicKey {
        case .rsa(let key):
            valid = key.isValidPKCS1v15Signature(signature, digest: digest, hash: algorithm.hash)
        case .ec(let key):
            guard let (r, s) = PIVSuite.ecdsaIntegers(signature) else {
                throw CaseFailure("the EC signature is not a DER ECDSA-Sig-Value: \(CardTranscript.hex(signature))")
            }
            valid = key.isValidECDSASignature(r: r, s: s, digest: digest)
        }
        guard valid else {
            throw CaseFailure(
                "the \(algorithm.name) signature of key \(CardTranscript.hex([slot])) does not verify with the public key GENERATE answered"
            )
        }
    }

    /// The 82 of the dynamic authentication template a private-key operation answers.
    func pivResponse(_ answer: CardAnswer, _ what: String) throws -> [UInt8] {
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("GENERAL AUTHENTICATE for \(what) answered \(answer.status)")
        }
        guard let response = BenchTLV.value(0x82, in: try PIVSuite.dynamicTemplate(following(answer, ne: 65_536))),
            !response.isEmpty
        else {
            throw CaseFailure("GENERAL AUTHENTICATE for \(what) answered no response 82")
        }
        return response
    }
}

extension PIVSuite {
    /// The public key of GENERATE's 7F49 template (Part 2 §3.3.2): RSA 81 the modulus and 82
    /// the public exponent, EC 86 the uncompressed point.
    static func publicKey(_ fields: [(tag: UInt32, value: [UInt8])], _ algorithm: KeyAlgorithm) throws -> PublicKey {
        if let size = algorithm.modulusBytes {
            guard let modulus = BenchTLV.value(0x81, in: fields), modulus.count == size, modulus[0] & 0x80 != 0 else {
                throw CaseFailure("the \(algorithm.name) public key has no \(size)-byte modulus 81")
            }
            guard let exponent = BenchTLV.value(0x82, in: fields), (1...4).contains(exponent.count),
                let key = try? RSA.PublicKey(
                    modulus: modulus, exponent: exponent.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            else {
                throw CaseFailure("the \(algorithm.name) public key has no usable public exponent 82")
            }
            return .rsa(key)
        }
        guard let curve = algorithm.curve, let point = BenchTLV.value(0x86, in: fields),
            point.count == 1 + 2 * curve.keySize, point[0] == 0x04
        else {
            throw CaseFailure("the \(algorithm.name) public key has no uncompressed point 86")
        }
        let x = Array(point[1...curve.keySize])
        let y = Array(point.suffix(curve.keySize))
        guard let key = try? ECC.PublicKey(curve: curve, point: ECCPoint(x: x, y: y)) else {
            throw CaseFailure("the \(algorithm.name) public key's point 86 is not on the curve")
        }
        return .ec(key)
    }

    /// The DER DigestInfo prefix of EMSA-PKCS1-v1_5 (RFC 8017 §9.2, note 1) for `hash`.
    static func digestInfoPrefix(_ hash: HashAlgorithm) -> [UInt8] {
        let (oidLast, length): (UInt8, UInt8) = hash == .sha384 ? (0x02, 0x30) : (0x01, 0x20)
        return [
            0x30, 0x11 + length, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, oidLast,
            0x05, 0x00, 0x04, length,
        ]
    }

    /// r and s of a DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs), leading zeros dropped.
    static func ecdsaIntegers(_ der: [UInt8]) -> (r: [UInt8], s: [UInt8])? {
        guard let outer = BenchTLV.elements(der), outer.count == 1, outer[0].tag == 0x30,
            let integers = BenchTLV.elements(outer[0].value), integers.count == 2,
            integers.allSatisfy({ $0.tag == 0x02 && !$0.value.isEmpty })
        else { return nil }
        let r = Array(integers[0].value.drop { $0 == 0 })
        let s = Array(integers[1].value.drop { $0 == 0 })
        return (r, s)
    }
}
