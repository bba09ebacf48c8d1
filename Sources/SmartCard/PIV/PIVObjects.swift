import TrustCrypto

/// The PIV data objects (SP 800-73-4 Part 1 Table 3), by the BER-TLV tag GET DATA names, and
/// the ones the card writes at personalization.
enum PIVObjects {
    static let discovery: UInt32 = 0x7E
    static let chuid: UInt32 = 0x5FC102
    static let ccc: UInt32 = 0x5FC107

    /// Objects only the cardholder may read (after the PIN): biometrics, printed information and
    /// the pairing code reference data.
    static let pinProtected: Set<UInt32> = [0x5FC103, 0x5FC108, 0x5FC109, 0x5FC121, 0x5FC123]

    /// Whether GET DATA and PUT DATA may name `tag`: the discovery object, the biometric group
    /// template, the PIV container tags 5FC101–5FC123, and Yubico's 5FFF00–5FFF15 (admin data,
    /// MS roots, the attestation certificate 5FFF01).
    static func isKnown(_ tag: UInt32) -> Bool {
        tag == discovery || tag == 0x7F61 || (0x5FC101...0x5FC123).contains(tag) || (0x5FFF00...0x5FFF15).contains(tag)
    }

    /// Discovery object (Part 1 §3.3.2): the PIV AID and the PIN usage policy 40 00 (the PIV
    /// application PIN only; no global PIN, no pairing code).
    static func discoveryObject() -> [UInt8] {
        BERTLV.encode(0x7E, BERTLV.encode(0x4F, PIVApplication.fullAID) + BERTLV.encode(0x5F2F, [0x40, 0x00]))
    }

    /// Card Holder Unique Identifier (Part 1 §3.1.2, Table 9): a FASC-N of the non-federal
    /// form (agency code 9999, as SP 800-73-4 §3.3 allows for cards outside federal issuance),
    /// a random GUID, an expiry date, an empty issuer signature and the error-detection code.
    static func newCHUID() -> [UInt8] {
        let fascN: [UInt8] = [
            0xD4, 0xE7, 0x39, 0xDA, 0x73, 0x9C, 0xED, 0x39, 0xCE, 0x73, 0x9D, 0x83, 0x68,
            0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xC8, 0x42, 0x10, 0xC3, 0xEB,
        ]
        let content =
            BERTLV.encode(0x30, fascN) + BERTLV.encode(0x34, SecureBytes.random(16))
            + BERTLV.encode(0x35, Array("20501231".utf8)) + BERTLV.encode(0x3E, []) + BERTLV.encode(0xFE, [])
        return BERTLV.encode(0x53, content)
    }

    /// Card Capability Container (Part 1 §3.1.1, Table 8): card identifier (GSC-RID A0 00 00 01
    /// 16, manufacturer FF, card type 02, 14 random bytes), container and grammar versions 21,
    /// data model 10, and the other elements empty as the spec allows.
    static func newCCC() -> [UInt8] {
        let identifier: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x16, 0xFF, 0x02] + SecureBytes.random(14)
        let content =
            BERTLV.encode(0xF0, identifier) + BERTLV.encode(0xF1, [0x21]) + BERTLV.encode(0xF2, [0x21])
            + BERTLV.encode(0xF3, []) + BERTLV.encode(0xF4, [0x00]) + BERTLV.encode(0xF5, [0x10])
            + [0xF6, 0x00, 0xF7, 0x00, 0xFA, 0x00, 0xFB, 0x00, 0xFC, 0x00, 0xFD, 0x00, 0xFE, 0x00]
        return BERTLV.encode(0x53, content)
    }

    /// The tag inside a tag list (5C) of GET DATA or PUT DATA: one to three bytes.
    static func tag(fromList value: [UInt8]) -> UInt32? {
        guard (1...3).contains(value.count) else { return nil }
        return value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
