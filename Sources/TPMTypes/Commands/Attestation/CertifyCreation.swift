/// TPM2_CertifyCreation (Part 3 §18.3): that this TPM created an object with this creation data, signed.
public enum CertifyCreation: TPMCommandDescription {
    public static let code = TPMCommandCode.certifyCreation
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
        TPMHandleSlot(.none, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var qualifyingData: [UInt8] = []
        public var creationHash: [UInt8] = []
        public var inScheme: TPMScheme = TPMScheme.null
        public var creationTicket: TPMTicket = TPMTicket.null(TPMStructureTag.creation)
        public static let fields: [TPMField<Self>] = [
            .sized(\.qualifyingData, max: TPMLimits.maxData),
            .sized(\.creationHash, max: TPMLimits.maxDigest),
            .scheme(\.inScheme, kind: .signature),
            .ticket(\.creationTicket, accepting: [TPMStructureTag.creation]),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - qualifyingData: user-provided data included in the attestation (extraData), usually a nonce.
        ///   - creationHash: the hash of the creation data that TPM2_Create or TPM2_CreatePrimary produced.
        ///   - inScheme: the signing scheme to use if the signing key's scheme is TPM_ALG_NULL.
        ///   - creationTicket: the creation ticket that TPM2_Create or TPM2_CreatePrimary produced.
        public init(qualifyingData: [UInt8], creationHash: [UInt8], inScheme: TPMScheme, creationTicket: TPMTicket) {
            self.qualifyingData = qualifyingData
            self.creationHash = creationHash
            self.inScheme = inScheme
            self.creationTicket = creationTicket
        }
    }

    public typealias Response = TPMSignedAttestation
}
