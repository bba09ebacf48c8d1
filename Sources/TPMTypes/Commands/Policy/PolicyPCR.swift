/// TPM2_PolicyPCR (Part 3 §23.7): the policy holds only while the selected PCRs have these values.
public enum PolicyPCR: TPMCommandDescription {
    public static let code = TPMCommandCode.policyPCR
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var pcrDigest: [UInt8] = []
        public var pcrs = TPMPCRSelectionList()
        public static let fields: [TPMField<Self>] = [.sized(\.pcrDigest, max: TPMLimits.maxDigest), .value(\.pcrs)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - pcrDigest: the expected digest of the selected PCRs in the session's hash; empty to use their
        ///     current values.
        ///   - pcrs: the PCRs to include in the check.
        public init(pcrDigest: [UInt8], pcrs: TPMPCRSelectionList) {
            self.pcrDigest = pcrDigest
            self.pcrs = pcrs
        }
    }

    public typealias Response = TPMNoParameters
}
