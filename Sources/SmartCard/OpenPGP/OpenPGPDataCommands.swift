/// GET DATA (INS CA) and PUT DATA (INS DA), OpenPGP card 3.4 §7.2.6 and §7.2.8: P1-P2 is the
/// tag of the data object. Reading needs nothing except 0103 (PW1 82) and 0104 (PW3); writing
/// needs PW3 except 0101 and 0103 (PW1 82).
enum OpenPGPDataCommands {
    /// 6A88 for a DO the card does not have (KDF-DO F9 included); 6982 the DO's read condition
    /// unmet; 6700 data in the command.
    static func get(_ apdu: CommandAPDU, _ card: CardOS, _ info: OpenPGPCardInfo) throws(StatusWord) -> CardResponse {
        try apdu.requireNoData()
        let tag = apdu.p1p2
        if let index = privateUseIndex(tag) {
            if index == 2 { try card.requireOpenPGP(OpenPGPPassword.pw1Other) }
            if index == 3 { try card.requireOpenPGP(OpenPGPPassword.pw3) }
            return CardResponse(data: card.openPGP.data.privateUse[index])
        }
        guard let value = value(of: tag, card.openPGP, certificate: card.session.openPGP.certificate, info) else {
            throw .referencedDataNotFound
        }
        return CardResponse(data: value)
    }

    /// The value of DO `tag`, constructed DOs (65, 6E, 73, 7A) built from their parts; the
    /// simple DOs inside them are answered on their own too, as clients ask for them both ways.
    private static func value(of tag: UInt16, _ state: OpenPGPState, certificate: Int = 0, _ info: OpenPGPCardInfo)
        -> [UInt8]?
    {
        let data = state.data
        switch tag {
        case 0x004F: return info.aid
        case 0x005E: return data.login
        case 0x5F50: return data.url
        case 0x5F52: return info.historicalBytes
        case 0x005B: return data.name
        case 0x5F2D: return data.language
        case 0x5F35: return data.sex
        case 0x0065: return [0x005B, 0x5F2D, 0x5F35].flatMap { BERTLV.encode($0, value(of: $0, state, info) ?? []) }
        case 0x006E:
            return [0x004F, 0x5F52, 0x7F66, 0x7F74, 0x0073].flatMap {
                BERTLV.encode($0, value(of: $0, state, info) ?? [])
            }
        case 0x0073:
            let parts: [UInt16] = [0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCD, 0xDE]
            return parts.flatMap { BERTLV.encode($0, value(of: $0, state, info) ?? []) }
        case 0x00C0: return extendedCapabilities
        case 0x00C1, 0x00C2, 0x00C3: return state.keys[Int(tag - 0xC1)].attributes
        case 0x00C4: return passwordStatus(state)
        case 0x00C5: return state.keys.flatMap(\.fingerprint)
        case 0x00C6: return state.keys.flatMap(\.caFingerprint)
        case 0x00CD: return state.keys.flatMap(\.generationTime)
        case 0x00DE: return state.keys.flatMap { [UInt8($0.role.rawValue), $0.origin?.rawValue ?? 0] }
        case 0x007A: return BERTLV.encode(0x93, value(of: 0x93, state, info) ?? [])
        case 0x0093: return withUnsafeBytes(of: state.signatureCount.bigEndian, Array.init).suffix(3)
        case 0x7F21: return data.certificates[certificate]
        case 0x7F66:
            // Extended length information (§4.1.3.1): the largest command and response.
            return [info.maxCommandLength, info.maxResponseLength].flatMap { BERTLV.encode(0x02, twoBytes($0)) }
        case 0x7F74: return BERTLV.encode(0x81, [0x00])  // general feature management: no button, display or pinpad
        default: return nil
        }
    }

    /// C0 (§4.4.3.7): GET CHALLENGE, key import, C4 writable, private-use DOs and algorithm
    /// attributes writable; no secure messaging, AES or KDF; challenge up to 256 bytes,
    /// certificate up to 2048 bytes, other DOs up to 255 bytes; no PIN block 2 format; MANAGE
    /// SECURITY ENVIRONMENT swaps the decryption and authentication keys.
    private static var extendedCapabilities: [UInt8] {
        [0x7C, 0x00] + twoBytes(256) + twoBytes(maxCertificateLength) + twoBytes(maxSpecialLength) + [0x00, 0x01]
    }

    static let maxSpecialLength = 255
    static let maxCertificateLength = 2048

    /// C4 (§4.4.3.7): PW1 policy, maximum lengths of PW1, resetting code and PW3, their tries left.
    private static func passwordStatus(_ state: OpenPGPState) -> [UInt8] {
        let references = [OpenPGPPassword.pw1, OpenPGPPassword.resettingCode, OpenPGPPassword.pw3]
        let tries = references.map { UInt8(clamping: state.pins[$0]?.remainingTries ?? 0) }
        let maxLength = UInt8(OpenPGPPassword.maxLength)
        return [state.data.pw1ValidForSeveralSignatures ? 0x01 : 0x00, maxLength, maxLength, maxLength] + tries
    }

    private static func twoBytes(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    private static func privateUseIndex(_ tag: UInt16) -> Int? {
        (0x0101...0x0104).contains(tag) ? Int(tag - 0x0101) : nil
    }

    /// SELECT DATA (INS A5, §7.2.5): P1 the occurrence (00 authentication, 01 decryption, 02
    /// signature certificate), P2 04, data 60 { 5C { 7F21 } } (or the 5C alone, as some clients
    /// send it); GET DATA and PUT DATA of 7F21 then reach that certificate until the next
    /// SELECT DATA or SELECT. 6A86 other P2 or P1 above 02; 6A80 data naming no tag; 6A88 a
    /// tag other than 7F21, the only DO with several occurrences.
    static func selectData(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == 0x04, apdu.p1 <= 0x02 else { throw .incorrectP1P2 }
        guard var objects = BERTLV.parse(apdu.data) else { throw .incorrectData }
        if let wrapped = BERTLV.value(0x60, in: objects) {
            guard let inner = BERTLV.parse(wrapped) else { throw .incorrectData }
            objects = inner
        }
        guard let tag = BERTLV.value(0x5C, in: objects) else { throw .incorrectData }
        guard tag == [0x7F, 0x21] else { throw .referencedDataNotFound }
        card.session.openPGP.certificate = Int(apdu.p1)
        return CardResponse()
    }

    /// GET NEXT DATA (INS CC, §7.2.7), P1-P2 7F21: the next cardholder certificate after the
    /// one SELECT DATA or the last GET NEXT DATA reached, which becomes current. 6A88 past the
    /// third; 6A86 any other DO.
    static func getNextData(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0x7F21 else { throw .incorrectP1P2 }
        try apdu.requireNoData()
        let next = card.session.openPGP.certificate + 1
        guard next < card.openPGP.data.certificates.count else { throw .referencedDataNotFound }
        card.session.openPGP.certificate = next
        return CardResponse(data: card.openPGP.data.certificates[next])
    }

    /// 6982 the write condition unmet; 6700 a value longer than the DO takes (or of the wrong
    /// fixed size); 6A80 algorithm attributes this card cannot hold, a C4 byte other than 00/01,
    /// a language list of odd length, a sex code outside ISO/IEC 5218 or a resetting code
    /// shorter than 8; 6A88 a DO that cannot be written.
    static func put(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let tag = apdu.p1p2
        let value = apdu.data
        if let index = privateUseIndex(tag) {
            try card.requireOpenPGP(index % 2 == 0 ? OpenPGPPassword.pw1Other : OpenPGPPassword.pw3)
            try limit(value, maxSpecialLength)
            card.openPGP.data.privateUse[index] = value
            return CardResponse()
        }
        try card.requireOpenPGP(OpenPGPPassword.pw3)
        if let role = OpenPGPKeyRole.allCases.first(where: { $0.attributesTag == tag }) {
            try setAttributes(value, of: role, card)
        } else if let role = OpenPGPKeyRole.allCases.first(where: { $0.fingerprintTag == tag }) {
            card.openPGP[role].fingerprint = try exactly(value, 20)
        } else if let role = OpenPGPKeyRole.allCases.first(where: { $0.caFingerprintTag == tag }) {
            card.openPGP[role].caFingerprint = try exactly(value, 20)
        } else if let role = OpenPGPKeyRole.allCases.first(where: { $0.generationTimeTag == tag }) {
            card.openPGP[role].generationTime = try exactly(value, 4)
        } else {
            try putCardholderObject(tag, value, card)
        }
        return CardResponse()
    }

    private static func putCardholderObject(_ tag: UInt16, _ value: [UInt8], _ card: CardOS) throws(StatusWord) {
        switch tag {
        case 0x005B:
            try limit(value, 39)
            card.openPGP.data.name = value
        case 0x5F2D:
            // ISO 639-1 codes, two letters each, up to four in order of preference.
            try limit(value, 8)
            guard value.count % 2 == 0 else { throw .incorrectData }
            card.openPGP.data.language = value
        case 0x5F35:
            // ISO/IEC 5218: "0" unknown, "1" male, "2" female, "9" not applicable.
            let sex = try exactly(value, 1)
            guard [0x30, 0x31, 0x32, 0x39].contains(sex[0]) else { throw .incorrectData }
            card.openPGP.data.sex = sex
        case 0x5F50:
            try limit(value, maxSpecialLength)
            card.openPGP.data.url = value
        case 0x005E:
            try limit(value, maxSpecialLength)
            card.openPGP.data.login = value
        case 0x7F21:
            try limit(value, maxCertificateLength)
            card.openPGP.data.certificates[card.session.openPGP.certificate] = value
        case 0x00C4:
            guard let policy = value.first else { throw .wrongLength }
            guard policy <= 0x01 else { throw .incorrectData }
            card.openPGP.data.pw1ValidForSeveralSignatures = policy == 0x01
        case 0x00D3: try setResettingCode(value, card)
        default: throw .referencedDataNotFound
        }
    }

    /// New attributes remove the key they described (its fingerprint and date with it).
    private static func setAttributes(_ value: [UInt8], of role: OpenPGPKeyRole, _ card: CardOS) throws(StatusWord) {
        guard let kind = OpenPGPAlgorithm.kind(of: value, for: role), card.permits(kind) else { throw .incorrectData }
        guard value != card.openPGP[role].attributes else { return }
        var key = OpenPGPKey(role: role)
        key.attributes = value
        key.caFingerprint = card.openPGP[role].caFingerprint
        card.openPGP[role] = key
    }

    /// D3 (§4.4.3.6): an empty value removes the resetting code; otherwise 8 to 127 bytes with
    /// a full try counter.
    private static func setResettingCode(_ value: [UInt8], _ card: CardOS) throws(StatusWord) {
        guard var code = card.openPGP.pins[OpenPGPPassword.resettingCode] else { throw .referencedDataNotFound }
        guard value.isEmpty || code.acceptsLength(value) else { throw .incorrectData }
        code.value = value
        code.remainingTries = value.isEmpty ? 0 : code.maxTries
        card.openPGP.pins[OpenPGPPassword.resettingCode] = code
    }

    private static func limit(_ value: [UInt8], _ maximum: Int) throws(StatusWord) {
        guard value.count <= maximum else { throw .wrongLength }
    }

    private static func exactly(_ value: [UInt8], _ count: Int) throws(StatusWord) -> [UInt8] {
        guard value.count == count else { throw .wrongLength }
        return value
    }
}
