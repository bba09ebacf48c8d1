/// TPMA_OBJECT (Part 2 §8.3).
public struct TPMObjectAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let fixedTPM = Self(rawValue: 1 << 1)
    public static let stClear = Self(rawValue: 1 << 2)
    public static let fixedParent = Self(rawValue: 1 << 4)
    public static let sensitiveDataOrigin = Self(rawValue: 1 << 5)
    public static let userWithAuth = Self(rawValue: 1 << 6)
    public static let adminWithPolicy = Self(rawValue: 1 << 7)
    public static let noDA = Self(rawValue: 1 << 10)
    public static let encryptedDuplication = Self(rawValue: 1 << 11)
    public static let restricted = Self(rawValue: 1 << 16)
    public static let decrypt = Self(rawValue: 1 << 17)
    public static let sign = Self(rawValue: 1 << 18)
    public static let x509sign = Self(rawValue: 1 << 19)

    /// Bits 0, 3, 8, 9, 12–15 and 20–31 are reserved (TPM_RC_RESERVED_BITS).
    public static let reserved = Self(rawValue: 0xFFF0_F309)
}
