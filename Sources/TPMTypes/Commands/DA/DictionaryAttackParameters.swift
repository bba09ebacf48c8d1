/// TPM2_DictionaryAttackParameters (Part 3 §25.3): maxTries, the self-healing interval and
/// the lockoutAuth recovery time.
public enum DictionaryAttackParameters: TPMCommandDescription {
    public static let code = TPMCommandCode.dictionaryAttackParameters
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.lockout])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var newMaxTries: UInt32 = 0
        public var newRecoveryTime: UInt32 = 0
        public var lockoutRecovery: UInt32 = 0
        public static let fields: [TPMField<Self>] = [
            .integer(\.newMaxTries), .integer(\.newRecoveryTime), .integer(\.lockoutRecovery),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - newMaxTries: the count of authorization failures before lockout is imposed.
        ///   - newRecoveryTime: the seconds before the failure count is decremented by one; 0 turns
        ///     dictionary-attack protection off (no failure counts, no lockout).
        ///   - lockoutRecovery: the seconds after a lockoutAuth failure before lockoutAuth may be used again; 0 means
        ///     it stays locked until the next TPM2_Startup of any type (the reference's DAStartup).
        public init(newMaxTries: UInt32, newRecoveryTime: UInt32, lockoutRecovery: UInt32) {
            self.newMaxTries = newMaxTries
            self.newRecoveryTime = newRecoveryTime
            self.lockoutRecovery = lockoutRecovery
        }
    }

    public typealias Response = TPMNoParameters
}
