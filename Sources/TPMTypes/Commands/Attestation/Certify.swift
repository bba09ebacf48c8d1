/// TPM2_Certify (Part 3 §18.2): that an object is loaded in this TPM, signed (TPMS_CERTIFY_INFO).
public enum Certify: TPMCommandDescription {
    public static let code = TPMCommandCode.certify
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.admin, HandleTypes.object), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null])]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var qualifyingData: [UInt8] = []
        public var inScheme: TPMScheme = TPMScheme.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.qualifyingData, max: TPMLimits.maxData),
            .custom(\.inScheme, read: { (reader: inout TPMReader) throws(TPMError) in try TPMScheme(from: &reader, kind: .signature) },
                    write: { $0.marshal(into: &$1) }),
        ]

        public init() {}
        public init(qualifyingData: [UInt8], inScheme: TPMScheme) {
            self.qualifyingData = qualifyingData
            self.inScheme = inScheme
        }
    }

    public typealias Response = TPMSignedAttestation
}
