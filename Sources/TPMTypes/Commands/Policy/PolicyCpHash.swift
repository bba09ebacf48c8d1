/// TPM2_PolicyCpHash (Part 3 §23.13): the policy holds only for one command with these parameters.
public enum PolicyCpHash: TPMCommandDescription {
    public static let code = TPMCommandCode.policyCpHash
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var cpHashA: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.cpHashA, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter cpHashA: the command parameter hash (cpHash) the policy is to be limited to.
        public init(cpHashA: [UInt8]) {
            self.cpHashA = cpHashA
        }
    }

    public typealias Response = TPMNoParameters
}
