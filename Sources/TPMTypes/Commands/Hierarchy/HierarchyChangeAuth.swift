/// TPM2_HierarchyChangeAuth (Part 3 §24.8): a new authValue for a hierarchy or lockout.
public enum HierarchyChangeAuth: TPMCommandDescription {
    public static let code = TPMCommandCode.hierarchyChangeAuth
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, hierarchiesWithAuth)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var newAuth: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.newAuth, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter newAuth: the new authorization value.
        public init(newAuth: [UInt8]) { self.newAuth = newAuth }
    }

    public typealias Response = TPMNoParameters
}
