import TrustCrypto

/// `piv`: the PIV card application (NIST SP 800-73-4) through its card edge, as any PIV card
/// answers it. Each case names the SP 800-73-4 clause it checks and, where one exists, the
/// SP 800-85A-4 derived test requirement (DTR) it belongs to. The runner selects the
/// application before each case. PIN cases use `--card-pin 80=PIN` (PIV's PIN reference);
/// the management key comes from `--card-management-key HEX`.
enum PIVSuite {
    /// The PIV card application's AID (Part 1 §2.2): NIST's RID, PIX 00 00 10 00, version 01 00.
    static let aid: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]
    static let pinReference: UInt8 = 0x80
    static let pukReference: UInt8 = 0x81
    static let managementKeyReference: UInt8 = 0x9B

    static let suite = CardSuite(
        name: "piv", application: aid,
        cases: [
            selectTemplate, selectTruncated, reselectKeepsStatus, discovery, chuid, capabilityContainer,
            getDataErrors, pinStatus, wrongPINCounts, malformedPIN, unknownKeyReference, managementKey,
            wrongManagementKey, certificates, putData, managementKeyRequired,
        ] + generationCases + [
            keyNeedsPIN, signaturePINAlways, keyAgreement, keyDecryption, pukResetsPIN, wrongPUKCounts, changePIN,
            yubicoVersion, yubicoSerial, yubicoMetadata, yubicoAttestation,
        ])

    static let selectTemplate = CardCase(
        "piv.select", "SELECT answers the application property template: PIX, NIST as tag authority, algorithms",
        clause: "SP 800-73-4 Part 2 §3.1.1, Table 3; SP 800-85A-4 DTR 05.07"
    ) { context in
        let template = try context.card.pivPropertyTemplate(aid)
        guard let pix = BenchTLV.value(0x4F, in: template) else {
            throw CaseFailure("the property template has no application identifier 4F")
        }
        // 4F carries the PIX (the AID without the RID), or at least its first four bytes.
        let expectedPIX = Array(aid.dropFirst(5))
        guard pix.count >= 4, expectedPIX.starts(with: pix) || pix == aid else {
            throw CaseFailure("4F holds \(CardTranscript.hex(pix)), not PIV's PIX \(CardTranscript.hex(expectedPIX))")
        }
        guard let authority = BenchTLV.value(0x79, in: template).flatMap(BenchTLV.elements),
            BenchTLV.value(0x4F, in: authority) == Array(aid.prefix(5))
        else {
            throw CaseFailure(
                "the coexistent tag allocation authority 79 does not hold NIST's RID A0 00 00 03 08 in 4F")
        }
        _ = try context.card.pivAlgorithms(template)
    }

    static let selectTruncated = CardCase(
        "piv.select-truncated", "SELECT by the AID without its version (right-truncated) selects PIV",
        clause: "SP 800-73-4 Part 1 §2.2; Part 2 §3.1.1"
    ) { context in
        _ = try context.card.pivPropertyTemplate(Array(aid.prefix(9)))
    }

    static let reselectKeepsStatus = CardCase(
        "piv.reselect", "Selecting PIV again while it is selected keeps the PIN verified",
        clause: "SP 800-73-4 Part 2 §3.1.1; SP 800-85A-4 DTR 05.09"
    ) { context in
        let pin = try context.card.pivPIN()
        guard try context.card.triesLeft(pinReference) >= 2 else {
            throw CaseSkip("PIN 80 has fewer than 2 tries left")
        }
        context.onCleanup { _ = try? context.card.send(CardCommand(ins: 0x20, p1: 0xFF, p2: pinReference)) }
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)), [0x9000], "VERIFY of the PIN")
        _ = try context.card.pivPropertyTemplate(aid)
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference)), [0x9000],
            "VERIFY without data after selecting PIV again")
    }

    static let discovery = CardCase(
        "piv.discovery", "The discovery object holds the PIV AID and a PIN usage policy naming a PIN",
        clause: "SP 800-73-4 Part 1 §3.3.2, Table 18"
    ) { context in
        let (answer, object) = try context.card.pivObject(0x7E)
        if answer.sw == 0x6A82 { throw CaseSkip("the card has no discovery object (it is optional)") }
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("GET DATA of the discovery object 7E answered \(answer.status)")
        }
        guard let outer = BenchTLV.elements(object), outer.count == 1, outer[0].tag == 0x7E,
            let inner = BenchTLV.elements(outer[0].value)
        else {
            throw CaseFailure("the discovery object is not one 7E template: \(CardTranscript.hex(object))")
        }
        guard BenchTLV.value(0x4F, in: inner) == aid else {
            throw CaseFailure("the discovery object's 4F is not the PIV AID \(CardTranscript.hex(aid))")
        }
        // First byte: bit 7 the PIV application PIN, bit 6 the global PIN; one must be usable.
        guard let policy = BenchTLV.value(0x5F2F, in: inner), policy.count == 2, policy[0] & 0x60 != 0 else {
            throw CaseFailure("the PIN usage policy 5F2F is not two bytes naming the application or global PIN")
        }
    }

    static let chuid = CardCase(
        "piv.chuid", "The CHUID holds a FASC-N, a GUID, an expiry date, a signature and the error detection code",
        clause: "SP 800-73-4 Part 1 §3.1.2, Table 9"
    ) { context in
        let fields = try context.card.pivContainer(0x5FC102, "CHUID")
        try requireField(0x30, of: fields, in: "CHUID", "the FASC-N") { $0.count == 25 }
        try requireField(0x34, of: fields, in: "CHUID", "the GUID") { $0.count == 16 }
        try requireField(0x35, of: fields, in: "CHUID", "the expiration date, YYYYMMDD") { date in
            date.count == 8 && date.allSatisfy { (0x30...0x39).contains($0) }
        }
        try requireField(0x3E, of: fields, in: "CHUID", "the issuer asymmetric signature") { _ in true }
        try requireField(0xFE, of: fields, in: "CHUID", "the error detection code") { $0.isEmpty }
    }

    static let capabilityContainer = CardCase(
        "piv.ccc", "The card capability container holds the card identifier, versions and error detection code",
        clause: "SP 800-73-4 Part 1 §3.1.1, Table 8"
    ) { context in
        let fields = try context.card.pivContainer(0x5FC107, "CCC")
        try requireField(0xF0, of: fields, in: "CCC", "the card identifier") { $0.count == 21 }
        try requireField(0xF1, of: fields, in: "CCC", "the capability container version") { $0.count == 1 }
        try requireField(0xF2, of: fields, in: "CCC", "the capability grammar version") { $0.count == 1 }
        try requireField(0xFE, of: fields, in: "CCC", "the error detection code") { $0.isEmpty }
    }

    static let getDataErrors = CardCase(
        "piv.get-data-errors", "GET DATA refuses P1-P2 other than 3FFF and a data field that is not a tag list",
        clause: "SP 800-73-4 Part 2 §3.1.2; ISO/IEC 7816-4 §5.6 Table 6; SP 800-85A-4 DTR 05.12A"
    ) { context in
        let chuidList: [UInt8] = [0x5C, 0x03, 0x5F, 0xC1, 0x02]
        try context.expect(
            context.card.send(CardCommand(ins: 0xCB, p1: 0x3F, p2: 0xFE, data: chuidList, ne: 256)), [0x6A86, 0x6B00],
            "GET DATA of the CHUID with P1-P2 3FFE")
        try context.expect(
            context.card.send(
                CardCommand(ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [0x5D, 0x03, 0x5F, 0xC1, 0x02], ne: 256)),
            [0x6A80], "GET DATA with 5D where the tag list 5C belongs")
    }

    static let pinStatus = CardCase(
        "piv.pin-status", "VERIFY of the PIN without data answers its tries left (63Cx) or 9000",
        clause: "SP 800-73-4 Part 2 §3.2.1"
    ) { context in
        let answer = try context.card.send(CardCommand(ins: 0x20, p2: pinReference))
        guard answer.data.isEmpty, answer.sw == 0x9000 || answer.sw & 0xFFF0 == 0x63C0 else {
            throw CaseFailure("VERIFY of PIN 80 without data answered \(answer), not 63Cx or 9000")
        }
    }

    static let wrongPINCounts = CardCase(
        "piv.pin-wrong", "A wrong PIN answers 63Cx one lower and leaves it unverified; the right one verifies",
        clause: "SP 800-73-4 Part 2 §3.2.1; SP 800-85A-4 DTR 05.19"
    ) { context in
        let pin = try context.card.pivPIN()
        // The given PIN is proven first: a mistyped one must not spend a second try here.
        let before = try context.card.triesLeft(pinReference)
        guard before >= 3 else { throw CaseSkip("PIN 80 has \(before) tries left; this case needs 3") }
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)), [0x9000],
            "VERIFY of the PIN given with --card-pin 80=")
        context.onCleanup { _ = try? context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)) }
        _ = try context.card.send(CardCommand(ins: 0x20, p1: 0xFF, p2: pinReference))
        let wrong = try context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: differentValue(pin)))
        guard wrong.sw == 0x63C0 | UInt16(before - 1) else {
            throw CaseFailure("a wrong PIN with \(before) tries left answered \(wrong), not 63C\(before - 1)")
        }
        let status = try context.card.send(CardCommand(ins: 0x20, p2: pinReference))
        guard status.sw != 0x9000 else { throw CaseFailure("after a wrong PIN, VERIFY without data answered 9000") }
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)), [0x9000], "VERIFY of the PIN")
        guard try context.card.triesLeft(pinReference) == before else {
            throw CaseFailure("the right PIN did not restore the try counter to \(before)")
        }
    }

    static let malformedPIN = CardCase(
        "piv.pin-malformed", "A PIN shorter than six digits, or not padded to eight bytes, is 6A80 and spends no try",
        clause: "SP 800-73-4 Part 2 §2.4.3, §3.2.1; SP 800-85A-4 DTR 05.22D"
    ) { context in
        let before = try context.card.triesLeft(pinReference)
        // A card that took a malformed PIN for a wrong one spends two tries: never the last.
        guard before >= 3 else { throw CaseSkip("PIN 80 has \(before) tries left; this case needs 3") }
        if let pin = try? context.card.pivPIN() {
            context.onCleanup { _ = try? context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)) }
        }
        let fiveDigits: [UInt8] = Array("12345".utf8) + [0xFF, 0xFF, 0xFF]
        let sevenBytes: [UInt8] = Array("123456".utf8) + [0xFF]
        for (value, what) in [(fiveDigits, "five digits padded"), (sevenBytes, "seven bytes")] {
            try context.expect(
                context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: value)), [0x6A80],
                "VERIFY with a PIN of \(what)")
        }
        let after = try context.card.triesLeft(pinReference)
        guard after == before else {
            throw CaseFailure("malformed PINs spent tries: \(before) left before, \(after) after")
        }
    }

    static let unknownKeyReference = CardCase(
        "piv.unknown-reference", "VERIFY of a key reference PIV does not define answers 6A88",
        clause: "SP 800-73-4 Part 2 §3.2.1; SP 800-85A-4 DTR 05.22B"
    ) { context in
        // 99 is none of 00, 80, 81 or 96–98 (Part 1 Table 4a).
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: 0x99)), [0x6A88], "VERIFY of key reference 99")
    }

    static let managementKey = CardCase(
        "piv.management-key", "Mutual authentication with the card management key (9B) succeeds both ways",
        clause: "SP 800-73-4 Part 2 §3.2.4, Appendix A.1"
    ) { context in
        let key = try context.card.managementKey()
        let algorithm = try context.card.managementKeyAlgorithm()
        guard let cipher = PIVSuite.cipher(algorithm), PIVSuite.keySize(algorithm) == key.count else {
            throw CaseFailure(
                "the card management key is algorithm \(CardTranscript.hex(algorithm)); the key given is \(key.count) bytes"
            )
        }
        let challenge = SecureBytes.random(cipher.blockSize)
        let answer = try context.card.answerManagementWitness(algorithm, key: key, challenge: challenge)
        if answer.sw == 0x6982 {
            throw CaseFailure("the card refused the witness decrypted with the key given (6982): is it the card's?")
        }
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("GENERAL AUTHENTICATE with the decrypted witness answered \(answer.status)")
        }
        let response = try dynamicTemplate(context.card.following(answer, ne: 256))
        let expected = try SymmetricCipher.encrypt(cipher, mode: .ecb, key: key, iv: [], data: challenge).output
        guard BenchTLV.value(0x82, in: response) == expected else {
            throw CaseFailure("the card's response 82 is not the challenge encrypted with the management key")
        }
    }

    static let wrongManagementKey = CardCase(
        "piv.management-key-wrong", "A witness decrypted with a wrong management key is refused with 6982",
        clause: "SP 800-73-4 Part 2 §3.2.4, Appendix A.1"
    ) { context in
        // Only with the right key at hand: a card that counts failures is then reset by it.
        let key = try context.card.managementKey()
        let algorithm = try context.card.managementKeyAlgorithm()
        guard let cipher = PIVSuite.cipher(algorithm), PIVSuite.keySize(algorithm) == key.count else {
            throw CaseSkip(
                "the key given does not fit the card management key's algorithm \(CardTranscript.hex(algorithm))")
        }
        let wrongKey = SecureBytes.random(key.count)
        try context.expect(
            context.card.answerManagementWitness(
                algorithm, key: wrongKey, challenge: SecureBytes.random(cipher.blockSize)),
            [0x6982], "GENERAL AUTHENTICATE with a witness decrypted by a wrong key")
        // A card that counts failed authentications starts again from a good one.
        _ = try context.card.answerManagementWitness(
            algorithm, key: key, challenge: SecureBytes.random(cipher.blockSize))
    }

    // MARK: Helpers

    /// Fails the case unless `fields` hold `tag` with a value `isValid` accepts.
    private static func requireField(
        _ tag: UInt32, of fields: [(tag: UInt32, value: [UInt8])], in object: String, _ what: String,
        _ isValid: ([UInt8]) -> Bool
    ) throws {
        guard let value = BenchTLV.value(tag, in: fields) else {
            throw CaseFailure("the \(object) lacks \(what) (\(String(format: "%02X", tag)))")
        }
        guard isValid(value) else {
            throw CaseFailure(
                "the \(object)'s \(what) (\(String(format: "%02X", tag))) is \(CardTranscript.hex(value))")
        }
    }

    /// Another well-formed value for a padded PIN or PUK: the same length, each digit moved on
    /// by one (9 to 0), anything else made 0, the FF padding kept.
    static func differentValue(_ padded: [UInt8]) -> [UInt8] {
        let characters = padded.prefix { $0 != 0xFF }
        let other = characters.map { $0 == 0x39 ? 0x30 : ($0 < 0x30 || $0 > 0x39 ? 0x30 : $0 + 1) }
        return other + padded.dropFirst(characters.count)
    }

    /// GENERAL AUTHENTICATE of `key` (the management key unless named) with a dynamic
    /// authentication template 7C; its data may need command chaining (`sendChained`).
    static func generalAuthenticate(
        _ algorithm: UInt8, key: UInt8 = managementKeyReference, _ elements: [(UInt8, [UInt8])]
    ) -> CardCommand {
        let body = elements.flatMap { [$0.0] + BenchTLV.length($0.1.count) + $0.1 }
        return CardCommand(
            ins: 0x87, p1: algorithm, p2: key, data: [0x7C] + BenchTLV.length(body.count) + body, ne: 256)
    }

    /// The elements of a dynamic authentication template 7C.
    static func dynamicTemplate(_ data: [UInt8]) throws -> [(tag: UInt32, value: [UInt8])] {
        guard let outer = BenchTLV.elements(data), outer.count == 1, outer[0].tag == 0x7C,
            let inner = BenchTLV.elements(outer[0].value)
        else {
            throw CaseFailure("the answer is not a dynamic authentication template 7C: \(CardTranscript.hex(data))")
        }
        return inner
    }

    /// The key length of a management key algorithm identifier: 3DES three keys, AES its size.
    static func keySize(_ algorithm: UInt8) -> Int {
        switch algorithm {
        case 0x08: 16
        case 0x0C: 32
        default: 24
        }
    }

    /// The cipher of a management key algorithm identifier (SP 800-78-4 Table 6-2).
    static func cipher(_ algorithm: UInt8) -> SymmetricAlgorithm? {
        switch algorithm {
        case 0x00, 0x03: .tdes
        case 0x08, 0x0A, 0x0C: .aes
        default: nil
        }
    }
}

extension BenchCard {
    /// SELECT of the PIV application by `aid`; the property template's elements (61 unwrapped).
    func pivPropertyTemplate(_ aid: [UInt8]) throws -> [(tag: UInt32, value: [UInt8])] {
        let answer = try send(CardCommand(ins: 0xA4, p1: 0x04, data: aid, ne: 256))
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("SELECT of \(CardTranscript.hex(aid)) answered \(answer.status)")
        }
        let data = try following(answer, ne: 65_536)
        guard let outer = BenchTLV.elements(data), outer.count == 1, outer[0].tag == 0x61,
            let template = BenchTLV.elements(outer[0].value)
        else {
            throw CaseFailure("SELECT of PIV answered no property template 61: \(CardTranscript.hex(data))")
        }
        return template
    }

    /// The algorithm identifiers the property template's AC lists (each an 80, closed by 06 00).
    func pivAlgorithms(_ template: [(tag: UInt32, value: [UInt8])]) throws -> [UInt8] {
        guard let list = BenchTLV.value(0xAC, in: template).flatMap(BenchTLV.elements) else {
            throw CaseFailure("the property template has no cryptographic algorithms template AC")
        }
        let algorithms = list.filter { $0.tag == 0x80 }
        guard !algorithms.isEmpty, algorithms.allSatisfy({ $0.value.count == 1 }),
            BenchTLV.value(0x06, in: list) == [0x00]
        else {
            throw CaseFailure(
                "AC does not list one-byte algorithm identifiers (80) closed by the object identifier 06 00")
        }
        return algorithms.map { $0.value[0] }
    }

    /// GET DATA of the object `tag` (Part 2 §3.1.2), whatever 61xx says waits.
    func pivObject(_ tag: UInt32) throws -> (CardAnswer, [UInt8]) {
        let count = tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1
        let tagBytes = (0..<count).reversed().map { UInt8(tag >> (8 * UInt32($0)) & 0xFF) }
        let answer = try send(
            CardCommand(ins: 0xCB, p1: 0x3F, p2: 0xFF, data: [0x5C, UInt8(tagBytes.count)] + tagBytes, ne: 256))
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else { return (answer, []) }
        return (answer, try following(answer, ne: 65_536))
    }

    /// The elements of a mandatory container (53), failing the case when the card lacks it.
    func pivContainer(_ tag: UInt32, _ name: String) throws -> [(tag: UInt32, value: [UInt8])] {
        let (answer, object) = try pivObject(tag)
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("GET DATA of the \(name) (mandatory) answered \(answer.status)")
        }
        guard let outer = BenchTLV.elements(object), outer.count == 1, outer[0].tag == 0x53,
            let fields = BenchTLV.elements(outer[0].value)
        else {
            throw CaseFailure("the \(name) is not one 53 container of BER-TLV fields: \(CardTranscript.hex(object))")
        }
        return fields
    }

    /// The PIN the run was given for reference 80, padded with FF to eight bytes (Part 2 §2.4.3).
    func pivPIN() throws -> [UInt8] {
        guard let pin = credentials.pins[PIVSuite.pinReference], (6...8).contains(pin.count) else {
            throw CaseSkip("no PIV PIN was given; pass --card-pin 80=PIN (six to eight digits)")
        }
        return pin + [UInt8](repeating: 0xFF, count: 8 - pin.count)
    }

    /// The PUK the run was given for reference 81, padded with FF to eight bytes.
    func pivPUK() throws -> [UInt8] {
        guard let puk = credentials.pins[PIVSuite.pukReference], (6...8).contains(puk.count) else {
            throw CaseSkip("no PIV PUK was given; pass --card-pin 81=PUK (six to eight characters)")
        }
        return puk + [UInt8](repeating: 0xFF, count: 8 - puk.count)
    }

    /// The card management key the run was given; skips the case without one.
    func managementKey() throws -> [UInt8] {
        guard let key = credentials.managementKey else {
            throw CaseSkip("no card management key was given; pass --card-management-key HEX")
        }
        return key
    }

    /// The card management key's algorithm: the first identifier (3DES, then AES-192, -128,
    /// -256) for which the card hands out a witness.
    func managementKeyAlgorithm() throws -> UInt8 {
        for algorithm: UInt8 in [0x03, 0x0A, 0x08, 0x0C] {
            let answer = try send(PIVSuite.generalAuthenticate(algorithm, [(0x80, [])]))
            if answer.sw == 0x9000 { return algorithm }
        }
        throw CaseFailure("GENERAL AUTHENTICATE of key 9B gave no witness for 3DES or AES (P1 03, 0A, 08, 0C)")
    }

    /// Mutual authentication's second step: a fresh witness decrypted with `key`, sent back with
    /// the host's `challenge` (7C 80 81 82); the card's answer.
    func answerManagementWitness(_ algorithm: UInt8, key: [UInt8], challenge: [UInt8]) throws -> CardAnswer {
        guard let cipher = PIVSuite.cipher(algorithm) else { throw CaseFailure("no cipher for \(algorithm)") }
        let witness = try managementWitness(algorithm)
        let decrypted = try SymmetricCipher.decrypt(cipher, mode: .ecb, key: key, iv: [], data: witness).output
        return try send(PIVSuite.generalAuthenticate(algorithm, [(0x80, decrypted), (0x81, challenge), (0x82, [])]))
    }

    /// A fresh witness of mutual authentication (80 empty), encrypted by the card.
    func managementWitness(_ algorithm: UInt8) throws -> [UInt8] {
        let answer = try send(PIVSuite.generalAuthenticate(algorithm, [(0x80, [])]))
        guard answer.sw == 0x9000 || answer.sw1 == 0x61,
            let witness = BenchTLV.value(0x80, in: try PIVSuite.dynamicTemplate(following(answer, ne: 256))),
            let cipher = PIVSuite.cipher(algorithm), witness.count == cipher.blockSize
        else {
            throw CaseFailure("GENERAL AUTHENTICATE asking a witness answered \(answer), not one block in 7C 80")
        }
        return witness
    }
}
