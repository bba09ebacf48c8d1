/// TPM2_Create (Part 3 §12.1): a new ordinary object under a storage parent, returned
/// wrapped (not loaded) with its creation data and ticket.
public enum Create: TPMCommandDescription {
    public static let code = TPMCommandCode.create
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]
    public typealias Parameters = TPMCreateParameters

    public struct Response: TPMParameterList {
        public var outPrivate: [UInt8] = []
        public var outPublic = TPMPublic()
        public var creationData = TPMCreationData()
        public var creationHash: [UInt8] = []
        public var creationTicket = TPMTicket.null(TPMStructureTag.creation)
        public static let fields: [TPMField<Self>] = [
            .sized(\.outPrivate, max: TPMLimits.maxPrivate), .sizedValue(\.outPublic), .sizedValue(\.creationData),
            .sized(\.creationHash, max: TPMLimits.maxDigest), .value(\.creationTicket),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - outPrivate: the new object's private area, wrapped by the parent (TPM2B_PRIVATE).
        ///   - outPublic: the new object's public area.
        ///   - creationData: the TPMS_CREATION_DATA recorded for the object.
        ///   - creationHash: digest of creationData with the object's nameAlg.
        ///   - creationTicket: the ticket TPM2_CertifyCreation takes to check the creation data came from the TPM.
        public init(
            outPrivate: [UInt8], outPublic: TPMPublic, creationData: TPMCreationData, creationHash: [UInt8],
            creationTicket: TPMTicket
        ) {
            self.outPrivate = outPrivate
            self.outPublic = outPublic
            self.creationData = creationData
            self.creationHash = creationHash
            self.creationTicket = creationTicket
        }
    }
}
