/// TPM2_MakeCredential (Part 3 §12.6): a credential protected for a key (an EK) and bound to an object's Name.
public enum MakeCredential: TPMCommandDescription {
    public static let code = TPMCommandCode.makeCredential
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var credential: [UInt8] = []
        public var objectName: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.credential, max: TPMLimits.maxDigest),
            .sized(\.objectName, max: TPMLimits.maxName),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - credential: the credential information to protect.
        ///   - objectName: Name of the object the credential applies to.
        public init(credential: [UInt8], objectName: [UInt8]) {
            self.credential = credential
            self.objectName = objectName
        }
    }

    public typealias Response = TPMCredential
}
