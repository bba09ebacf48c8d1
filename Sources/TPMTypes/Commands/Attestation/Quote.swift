/// TPM2_Quote (Part 3 §18.4): the selected PCRs' digest, signed (TPMS_QUOTE_INFO).
public enum Quote: TPMCommandDescription {
    public static let code = TPMCommandCode.quote
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var qualifyingData: [UInt8] = []
        public var inScheme: TPMScheme = TPMScheme.null
        public var pcrSelect: TPMPCRSelectionList = TPMPCRSelectionList()
        public static let fields: [TPMField<Self>] = [
            .sized(\.qualifyingData, max: TPMLimits.maxData),
            .scheme(\.inScheme, kind: .signature),
            .value(\.pcrSelect),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - qualifyingData: user-provided data included in the attestation (extraData), usually a nonce.
        ///   - inScheme: the signing scheme to use if the signing key's scheme is TPM_ALG_NULL.
        ///   - pcrSelect: the PCRs whose digest is quoted.
        public init(qualifyingData: [UInt8], inScheme: TPMScheme, pcrSelect: TPMPCRSelectionList) {
            self.qualifyingData = qualifyingData
            self.inScheme = inScheme
            self.pcrSelect = pcrSelect
        }
    }

    public typealias Response = TPMSignedAttestation
}
