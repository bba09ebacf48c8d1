/// TPM2_NV_ChangeAuth (Part 3 §31.15): a new authValue for an index, under its policy.
public enum NV_ChangeAuth: TPMCommandDescription {
    public static let code = TPMCommandCode.nvChangeAuth
    public static let handles: [TPMHandleSlot] = [.nvIndex(.admin)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var newAuth: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.newAuth, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter newAuth: the new authorization value of the index.
        public init(newAuth: [UInt8]) { self.newAuth = newAuth }
    }

    public typealias Response = TPMNoParameters
}
