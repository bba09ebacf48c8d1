/// TPM2_ClearControl (Part 3 §24.7): disables or re-enables TPM2_Clear.
public enum ClearControl: TPMCommandDescription {
    public static let code = TPMCommandCode.clearControl
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.lockout, TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var disable = false
        public static let fields: [TPMField<Self>] = [.yesNo(\.disable)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter disable: YES to SET disableClear (TPM2_Clear refused), NO to CLEAR it.
        public init(disable: Bool) { self.disable = disable }
    }

    public typealias Response = TPMNoParameters
}
