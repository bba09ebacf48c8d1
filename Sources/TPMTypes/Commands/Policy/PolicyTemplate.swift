/// TPM2_PolicyTemplate (Part 3 §23.21): the policy holds only for an object of this template.
public enum PolicyTemplate: TPMCommandDescription {
    public static let code = TPMCommandCode.policyTemplate
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var templateHash: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.templateHash, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter templateHash: the digest of the object template the policy is to be limited to.
        public init(templateHash: [UInt8]) {
            self.templateHash = templateHash
        }
    }

    public typealias Response = TPMNoParameters
}
