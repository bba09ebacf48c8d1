/// TPM2_CreatePrimary (Part 3 §24.1): a key derived from a hierarchy's Primary Seed and the
/// template, loaded at a transient handle.
public enum CreatePrimary: TPMCommandDescription {
    public static let code = TPMCommandCode.createPrimary
    /// TPMI_RH_HIERARCHY+.
    public static let handles: [TPMHandleSlot] = [
        .oneOf(.user, [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null])
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]
    public typealias Parameters = TPMCreateParameters

    public struct Response: TPMParameterList {
        public var objectHandle: TPMHandle = 0
        public var outPublic = TPMPublic()
        public var creationData = TPMCreationData()
        public var creationHash: [UInt8] = []
        public var creationTicket = TPMTicket.null(TPMStructureTag.creation)
        public var name: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.outPublic), .sizedValue(\.creationData), .sized(\.creationHash, max: TPMLimits.maxDigest),
            .value(\.creationTicket), .sized(\.name, max: TPMLimits.maxName),
        ]
        public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.objectHandle }

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - objectHandle: the transient handle (TPM_HT_TRANSIENT) the primary object is loaded at.
        ///   - outPublic: the primary object's public area.
        ///   - creationData: the TPMS_CREATION_DATA recorded for the object.
        ///   - creationHash: digest of creationData with the object's nameAlg.
        ///   - creationTicket: the ticket TPM2_CertifyCreation takes to check the creation data came from the TPM.
        ///   - name: the primary object's Name.
        public init(
            objectHandle: TPMHandle, outPublic: TPMPublic, creationData: TPMCreationData, creationHash: [UInt8],
            creationTicket: TPMTicket, name: [UInt8]
        ) {
            self.objectHandle = objectHandle
            self.outPublic = outPublic
            self.creationData = creationData
            self.creationHash = creationHash
            self.creationTicket = creationTicket
            self.name = name
        }
    }
}
