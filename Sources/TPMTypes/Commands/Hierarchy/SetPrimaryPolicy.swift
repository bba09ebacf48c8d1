/// TPM2_SetPrimaryPolicy (Part 3 §24.3): a hierarchy's (or lockout's) authPolicy.
public enum SetPrimaryPolicy: TPMCommandDescription {
    public static let code = TPMCommandCode.setPrimaryPolicy
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, hierarchiesWithAuth)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var authPolicy: [UInt8] = []
        public var hashAlg = TPMAlgorithm.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.authPolicy, max: TPMLimits.maxDigest), .value(\.hashAlg),
        ]

        public init() {}
        public init(authPolicy: [UInt8], hashAlg: TPMAlgorithm) {
            self.authPolicy = authPolicy
            self.hashAlg = hashAlg
        }
    }

    public typealias Response = TPMNoParameters
}
