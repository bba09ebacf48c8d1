/// TPM2_CertifyX509 (Part 3 §18.8): the TPM completes and signs an X.509 certificate of a loaded object
/// from the partial certificate the caller gives.
public enum CertifyX509: TPMCommandDescription {
    public static let code = TPMCommandCode.certifyX509
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.admin, HandleTypes.object), TPMHandleSlot(.user, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var reserved: [UInt8] = []
        public var inScheme: TPMScheme = TPMScheme.null
        public var partialCertificate: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.reserved, max: TPMLimits.maxData),
            .scheme(\.inScheme, kind: .signature),
            .sized(\.partialCertificate, max: TPMLimits.maxBuffer),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - reserved: shall be the Empty Buffer (the field qualifyingData once was).
        ///   - inScheme: the signing scheme to use if the signing key's scheme is TPM_ALG_NULL.
        ///   - partialCertificate: the DER-encoded partial certificate, without the fields the TPM adds.
        public init(reserved: [UInt8], inScheme: TPMScheme, partialCertificate: [UInt8]) {
            self.reserved = reserved
            self.inScheme = inScheme
            self.partialCertificate = partialCertificate
        }
    }

    public struct Response: TPMParameterList {
        public var addedToCertificate: [UInt8] = []
        public var tbsDigest: [UInt8] = []
        public var signature: TPMSignature = TPMSignature.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.addedToCertificate, max: TPMLimits.maxBuffer),
            .sized(\.tbsDigest, max: TPMLimits.maxDigest),
            .value(\.signature),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - addedToCertificate: the DER-encoded fields the TPM added to the partial certificate.
        ///   - tbsDigest: the digest of the completed TBSCertificate, the value that was signed.
        ///   - signature: the signature over tbsDigest.
        public init(addedToCertificate: [UInt8], tbsDigest: [UInt8], signature: TPMSignature) {
            self.addedToCertificate = addedToCertificate
            self.tbsDigest = tbsDigest
            self.signature = signature
        }
    }
}
