/// TPM2_PolicyNameHash (Part 3 §23.14): the policy holds only for these handles' Names.
public enum PolicyNameHash: TPMCommandDescription {
    public static let code = TPMCommandCode.policyNameHash
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var nameHash: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.nameHash, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter nameHash: the digest of the Names of the handles the policy is to be limited to.
        public init(nameHash: [UInt8]) {
            self.nameHash = nameHash
        }
    }

    public typealias Response = TPMNoParameters
}
