/// TPM2_PolicyCommandCode (Part 3 §23.11): the policy holds only for one command.
public enum PolicyCommandCode: TPMCommandDescription {
    public static let code = TPMCommandCode.policyCommandCode
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]

    public struct Parameters: TPMParameterList {
        public var code: TPMCommandCode = TPMCommandCode(rawValue: 0)
        public static let fields: [TPMField<Self>] = [.value(\.code)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter code: the command code the policy is to be limited to.
        public init(code: TPMCommandCode) {
            self.code = code
        }
    }

    public typealias Response = TPMNoParameters
}
