/// TPM2_Import (Part 3 §13.3): a duplicated object made loadable under a new parent.
public enum Import: TPMCommandDescription {
    public static let code = TPMCommandCode.import
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var encryptionKey: [UInt8] = []
        public var objectPublic: TPMPublic = TPMPublic()
        public var duplicate: [UInt8] = []
        public var inSymSeed: [UInt8] = []
        public var symmetricAlg: TPMSymmetricDefinition = TPMSymmetricDefinition.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.encryptionKey, max: TPMLimits.maxData),
            .sizedValue(\.objectPublic),
            .sized(\.duplicate, max: TPMLimits.maxPrivate),
            .sized(\.inSymSeed, max: TPMLimits.maxEncryptedSecret),
            .symmetricObject(\.symmetricAlg),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - encryptionKey: the symmetric key of the inner wrapper; empty if there is none.
        ///   - objectPublic: the public area of the object to import.
        ///   - duplicate: the private area of the object under its wrappers.
        ///   - inSymSeed: the seed of the outer wrapper's symmetric and HMAC keys, protected by the parent's key.
        ///   - symmetricAlg: the definition of the inner wrapper; TPM_ALG_NULL for none.
        public init(
            encryptionKey: [UInt8], objectPublic: TPMPublic, duplicate: [UInt8], inSymSeed: [UInt8],
            symmetricAlg: TPMSymmetricDefinition
        ) {
            self.encryptionKey = encryptionKey
            self.objectPublic = objectPublic
            self.duplicate = duplicate
            self.inSymSeed = inSymSeed
            self.symmetricAlg = symmetricAlg
        }
    }

    public struct Response: TPMParameterList {
        public var outPrivate: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.outPrivate, max: TPMLimits.maxPrivate)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter outPrivate: the sensitive area protected by the new parent (TPM2B_PRIVATE), for TPM2_Load.
        public init(outPrivate: [UInt8]) {
            self.outPrivate = outPrivate
        }
    }
}
