/// The three keys of the application (§4.4.3.7), named on the wire by their control reference
/// template: B6 signature, B8 decryption, A4 authentication; each with its own DOs.
enum OpenPGPKeyRole: Int, Codable, CaseIterable {
    case signature = 1
    case decryption = 2
    case authentication = 3

    var index: Int { rawValue - 1 }

    init?(template tag: UInt16) {
        switch tag {
        case 0xB6: self = .signature
        case 0xB8: self = .decryption
        case 0xA4: self = .authentication
        default: return nil
        }
    }

    /// Algorithm attributes C1–C3, fingerprints C7–C9, CA fingerprints CA–CC, dates CE–D0.
    var attributesTag: UInt16 { 0xC0 + UInt16(rawValue) }
    var fingerprintTag: UInt16 { 0xC6 + UInt16(rawValue) }
    var caFingerprintTag: UInt16 { 0xC9 + UInt16(rawValue) }
    var generationTimeTag: UInt16 { 0xCD + UInt16(rawValue) }
}

/// One key: its algorithm attributes, the material (nil until generated or imported), and the
/// fingerprints and date the host stores beside it.
struct OpenPGPKey: Codable, Equatable {
    /// Key information DE (§4.4.3.8): how the key got onto the card.
    enum Origin: UInt8, Codable {
        case generated = 1
        case imported = 2
    }

    static let noFingerprint = [UInt8](repeating: 0, count: 20)
    static let noTime = [UInt8](repeating: 0, count: 4)

    var role: OpenPGPKeyRole
    var attributes = OpenPGPAlgorithm.rsa2048
    var material: CardKey.Material?
    var origin: Origin?
    var fingerprint = noFingerprint
    var caFingerprint = noFingerprint
    var generationTime = noTime

    init(role: OpenPGPKeyRole) { self.role = role }

    var kind: CardKey.Kind? { OpenPGPAlgorithm.kind(of: attributes, for: role) }
}

/// Algorithm attributes (§4.4.3.9): RSA as 01 | modulus bits | public exponent bits | import
/// format; ECDSA (13, signature and authentication keys) and ECDH (12, decryption key) as the
/// algorithm ID and the curve's OID, optionally followed by FF (public key in the import).
enum OpenPGPAlgorithm {
    static let rsa2048: [UInt8] = [0x01, 0x08, 0x00, 0x00, 0x20, 0x00]
    static let ecdh: UInt8 = 0x12
    static let ecdsa: UInt8 = 0x13
    static let curveOIDs: [(kind: CardKey.Kind, oid: [UInt8])] = [
        (.ecP256, [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),
        (.ecP384, [0x2B, 0x81, 0x04, 0x00, 0x22]),
    ]

    /// The key kind `attributes` describe for `role`; nil for what this card cannot hold
    /// (PUT DATA answers 6A80): RSA other than 2048/3072/4096 or an exponent under 17 bits,
    /// an import format above 03, curves other than P-256 and P-384, ECDH on a signing key.
    static func kind(of attributes: [UInt8], for role: OpenPGPKeyRole) -> CardKey.Kind? {
        guard let algorithm = attributes.first else { return nil }
        switch algorithm {
        case 0x01:
            guard attributes.count == 5 || attributes.count == 6 else { return nil }
            let bits = Int(attributes[1]) << 8 | Int(attributes[2])
            let exponentBits = Int(attributes[3]) << 8 | Int(attributes[4])
            guard (17...32).contains(exponentBits), attributes.count == 5 || attributes[5] <= 0x03 else { return nil }
            return [CardKey.Kind.rsa2048, .rsa3072, .rsa4096].first { $0.rsaBits == bits }
        case ecdh, ecdsa:
            guard (algorithm == ecdh) == (role == .decryption) else { return nil }
            var oid = Array(attributes.dropFirst())
            if oid.last == 0xFF { oid.removeLast() }
            return curveOIDs.first { $0.oid == oid }?.kind
        default:
            return nil
        }
    }
}
