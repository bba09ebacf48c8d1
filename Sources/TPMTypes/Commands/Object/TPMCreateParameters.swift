/// What TPM2_CreatePrimary and TPM2_Create take: the sensitive data, the template, data the
/// creation data carries for the caller, and the PCRs it records.
public struct TPMCreateParameters: TPMParameterList, Equatable, Sendable {
    public var inSensitive = TPMSensitiveCreate()
    public var inPublic = TPMPublic()
    public var outsideInfo: [UInt8] = []
    public var creationPCR = TPMPCRSelectionList()
    public static let fields: [TPMField<Self>] = [
        .sizedValue(\.inSensitive), .sizedValue(\.inPublic), .sized(\.outsideInfo, max: TPMLimits.maxData),
        .value(\.creationPCR),
    ]

    public init() {}
    /// Creates the command parameters field by field.
    /// - Parameters:
    ///   - inSensitive: the sensitive data: the object's authValue and any data to seal.
    ///   - inPublic: the public template of the object.
    ///   - outsideInfo: data the creation data carries to link the object to data of the caller's.
    ///   - creationPCR: the PCRs whose values the creation data records.
    public init(
        inSensitive: TPMSensitiveCreate = TPMSensitiveCreate(), inPublic: TPMPublic, outsideInfo: [UInt8] = [],
        creationPCR: TPMPCRSelectionList = TPMPCRSelectionList()
    ) {
        self.inSensitive = inSensitive
        self.inPublic = inPublic
        self.outsideInfo = outsideInfo
        self.creationPCR = creationPCR
    }
}
