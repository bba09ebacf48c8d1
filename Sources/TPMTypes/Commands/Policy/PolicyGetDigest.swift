/// TPM2_PolicyGetDigest (Part 3 §23.19): the session's current policyDigest.
public enum PolicyGetDigest: TPMCommandDescription {
    public static let code = TPMCommandCode.policyGetDigest
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var policyDigest: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.policyDigest, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter policyDigest: the current value of the session's policyDigest.
        public init(policyDigest: [UInt8]) {
            self.policyDigest = policyDigest
        }
    }
}
