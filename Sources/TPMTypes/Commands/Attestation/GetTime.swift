/// TPM2_GetTime (Part 3 §18.7): Time and Clock, signed (TPMS_TIME_ATTEST_INFO), with the privacy
/// administrator's (endorsement) authorization.
public enum GetTime: TPMCommandDescription {
    public static let code = TPMCommandCode.getTime
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.endorsement]), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null])]
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
