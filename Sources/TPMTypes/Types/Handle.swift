/// TPM_HANDLE (Part 2 §7): the top octet is the handle type.
public typealias TPMHandle = UInt32

public enum TPMHandleType: UInt8, Sendable {
    case pcr = 0x00
    case nvIndex = 0x01
    case hmacSession = 0x02
    case policySession = 0x03
    case permanent = 0x40
    case transient = 0x80
    case persistent = 0x81
}

extension TPMHandle {
    public var handleType: TPMHandleType? { TPMHandleType(rawValue: UInt8(self >> 24)) }
}

/// TPM_RH and TPM_RS values (Part 2 §7.4) and the ranges of each handle type.
public enum TPMRH {
    public static let owner: TPMHandle = 0x4000_0001
    public static let null: TPMHandle = 0x4000_0007
    public static let unassigned: TPMHandle = 0x4000_0008
    public static let password: TPMHandle = 0x4000_0009
    public static let lockout: TPMHandle = 0x4000_000A
    public static let endorsement: TPMHandle = 0x4000_000B
    public static let platform: TPMHandle = 0x4000_000C
    public static let platformNV: TPMHandle = 0x4000_000D

    public static let transientFirst: TPMHandle = 0x8000_0000
    public static let persistentFirst: TPMHandle = 0x8100_0000
    public static let persistentLast: TPMHandle = 0x81FF_FFFF
    /// Persistent handles the platform hierarchy owns (Part 2 §7.5, TCG handle registry).
    public static let platformPersistent: TPMHandle = 0x8180_0000
    public static let hmacSessionFirst: TPMHandle = 0x0200_0000
    public static let policySessionFirst: TPMHandle = 0x0300_0000
    public static let nvIndexFirst: TPMHandle = 0x0100_0000
    public static let nvIndexLast: TPMHandle = 0x01FF_FFFF
}
