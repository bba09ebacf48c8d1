/// TPM2_PolicyNameHash (Part 3 §23.14): the policy holds only for these handles' Names.
public enum PolicyNameHash: TPMCommandDescription {
    public static let code = TPMCommandCode.policyNameHash
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var nameHash: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.nameHash, max: TPMLimits.maxDigest)]

        public init() {}
        public init(nameHash: [UInt8]) {
            self.nameHash = nameHash
        }
    }

    public typealias Response = TPMNoParameters
}
