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
        public init(policyDigest: [UInt8]) {
            self.policyDigest = policyDigest
        }
    }
}
