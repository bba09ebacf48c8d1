/// PIV cryptographic algorithm identifiers (SP 800-78-4 Table 6-2, and Yubico's for RSA-3072
/// and RSA-4096), the P1 of GENERAL AUTHENTICATE and the 80 of GENERATE, mapped to the card's
/// key kinds.
enum PIVAlgorithm {
    static let kinds: [UInt8: CardKey.Kind] = [
        0x03: .tdes, 0x08: .aes128, 0x0A: .aes192, 0x0C: .aes256,
        0x06: .rsa1024, 0x07: .rsa2048, 0x05: .rsa3072, 0x16: .rsa4096,
        0x11: .ecP256, 0x14: .ecP384,
    ]

    static func identifier(of kind: CardKey.Kind) -> UInt8 {
        kinds.first { $0.value == kind }?.key ?? 0xFF
    }

    /// The kind P1 names for a key of `expected` kind: PIV's 00 is the legacy name of 3DES.
    static func matches(_ p1: UInt8, _ expected: CardKey.Kind) -> Bool {
        kinds[p1] == expected || (p1 == 0x00 && expected == .tdes)
    }
}

/// When a slot's private key needs the PIN (Yubico's PIN policy, stored per key): never, once
/// per session, or a fresh VERIFY before every use. `defaultPolicy` (00 on the wire) resolves
/// to the slot's own default.
enum PIVPinPolicy: UInt8, Codable {
    case defaultPolicy = 0
    case never = 1
    case once = 2
    case always = 3
}

/// Yubico's touch policy. The emulated card has no button: it is stored and reported (metadata,
/// attestation) so clients see what they set, and a touch is taken as given.
enum PIVTouchPolicy: UInt8, Codable {
    case defaultPolicy = 0
    case never = 1
    case always = 2
    case cached = 3
}
