/// TPM2_CreateLoaded (Part 3 §12.9): an object created and loaded at once: a primary under a
/// hierarchy, an ordinary object under a storage parent, or a derived one under a derivation
/// parent.
public enum CreateLoaded: TPMCommandDescription {
    public static let code = TPMCommandCode.createLoaded
    /// TPMI_DH_PARENT+.
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(
            .user, HandleTypes.parent, permanent: [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null])
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inSensitive = TPMSensitiveCreate()
        public var inPublic = TPMTemplate(TPMPublic())
        public static let fields: [TPMField<Self>] = [.sizedValue(\.inSensitive), .value(\.inPublic)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - inSensitive: the sensitive data: the object's authValue and any data to seal.
        ///   - inPublic: the public template (TPM2B_TEMPLATE).
        public init(inSensitive: TPMSensitiveCreate = TPMSensitiveCreate(), inPublic: TPMTemplate) {
            self.inSensitive = inSensitive
            self.inPublic = inPublic
        }
    }

    public struct Response: TPMParameterList {
        public var objectHandle: TPMHandle = 0
        public var outPrivate: [UInt8] = []
        public var outPublic = TPMPublic()
        public var name: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.outPrivate, max: TPMLimits.maxPrivate), .sizedValue(\.outPublic),
            .sized(\.name, max: TPMLimits.maxName),
        ]
        public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.objectHandle }

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - objectHandle: the transient handle (TPM_HT_TRANSIENT) the object is loaded at.
        ///   - outPrivate: the object's private area wrapped by the parent (empty for a primary object or an object
        ///     derived under a derivation parent).
        ///   - outPublic: the object's public area.
        ///   - name: the object's Name.
        public init(objectHandle: TPMHandle, outPrivate: [UInt8], outPublic: TPMPublic, name: [UInt8]) {
            self.objectHandle = objectHandle
            self.outPrivate = outPrivate
            self.outPublic = outPublic
            self.name = name
        }
    }
}
