/// TPM2_PCR_SetAuthPolicy (Part 3 §22.6): the authPolicy of a PCR's policy group, with
/// platform authorization.
public enum PCR_SetAuthPolicy: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrSetAuthPolicy
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var authPolicy: [UInt8] = []
        public var hashAlg = TPMAlgorithm.null
        /// TPMI_DH_PCR.
        public var pcrNum: TPMHandle = 0
        public static let fields: [TPMField<Self>] = [
            .sized(\.authPolicy, max: TPMLimits.maxDigest), .value(\.hashAlg), .integer(\.pcrNum),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - authPolicy: the desired authPolicy.
        ///   - hashAlg: the hash algorithm of the policy.
        ///   - pcrNum: the PCR whose policy group's policy is set.
        public init(authPolicy: [UInt8], hashAlg: TPMAlgorithm, pcrNum: TPMHandle) {
            self.authPolicy = authPolicy
            self.hashAlg = hashAlg
            self.pcrNum = pcrNum
        }
    }

    public typealias Response = TPMNoParameters
}
