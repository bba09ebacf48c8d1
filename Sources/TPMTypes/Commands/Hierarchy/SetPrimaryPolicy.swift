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
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - authPolicy: the new authPolicy; may be the Empty Buffer.
        ///   - hashAlg: the hash algorithm of the policy; TPM_ALG_NULL when authPolicy is empty.
        public init(authPolicy: [UInt8], hashAlg: TPMAlgorithm) {
            self.authPolicy = authPolicy
            self.hashAlg = hashAlg
        }
    }

    public typealias Response = TPMNoParameters
}
