/// TPMA_SESSION (Part 2 §8.4): what a session does in one command, and in the response what
/// the TPM did.
public struct TPMSessionAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The session stays loaded after the command; without it the TPM flushes it.
    public static let continueSession = Self(rawValue: 0x01)
    /// In a command, that the audit session must have audited every command since its digest
    /// began (TPM_RC_EXCLUSIVE otherwise); in a response, that it has.
    public static let auditExclusive = Self(rawValue: 0x02)
    /// The audit digest starts again with this command.
    public static let auditReset = Self(rawValue: 0x04)
    /// The command's first parameter is encrypted by this session.
    public static let decrypt = Self(rawValue: 0x20)
    /// The response's first parameter is to be encrypted by this session.
    public static let encrypt = Self(rawValue: 0x40)
    /// The session audits the command.
    public static let audit = Self(rawValue: 0x80)
    /// Bits 3 and 4 are reserved.
    public static let reserved = Self(rawValue: 0x18)
}
