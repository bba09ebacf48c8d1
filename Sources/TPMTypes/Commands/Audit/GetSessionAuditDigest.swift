/// TPM2_GetSessionAuditDigest (Part 3 §18.6): an audit session's digest, signed.
public enum GetSessionAuditDigest: TPMCommandDescription {
    public static let code = TPMCommandCode.getSessionAuditDigest
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.endorsement]), TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]), TPMHandleSlot(.none, [.hmacSession, .policySession])]
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
