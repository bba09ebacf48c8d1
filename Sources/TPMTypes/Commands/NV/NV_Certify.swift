/// TPM2_NV_Certify (Part 3 §31.16): an NV index's contents (a range of them, or with size and
/// offset 0 their digest), signed.
public enum NV_Certify: TPMCommandDescription {
    public static let code = TPMCommandCode.nvCertify
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]), .nvAuth(.user), .nvIndex(.none),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var qualifyingData: [UInt8] = []
        public var inScheme = TPMScheme.null
        public var size: UInt16 = 0
        public var offset: UInt16 = 0
        public static let fields: [TPMField<Self>] = [
            .sized(\.qualifyingData, max: TPMLimits.maxData),
            .scheme(\.inScheme, kind: .signature),
            .integer(\.size), .integer(\.offset),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - qualifyingData: caller-provided data included in the attestation.
        ///   - inScheme: the signing scheme to use if the signing key's scheme is TPM_ALG_NULL.
        ///   - size: the number of octets to certify.
        ///   - offset: the octet offset into the index's data.
        public init(qualifyingData: [UInt8], inScheme: TPMScheme = .null, size: UInt16, offset: UInt16) {
            self.qualifyingData = qualifyingData
            self.inScheme = inScheme
            self.size = size
            self.offset = offset
        }
    }

    public typealias Response = TPMSignedAttestation
}
