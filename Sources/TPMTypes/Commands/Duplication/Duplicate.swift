/// TPM2_Duplicate (Part 3 §13.1): an object wrapped for a new parent (or unwrapped, to TPM_RH_NULL), with
/// an optional inner wrapper.
public enum Duplicate: TPMCommandDescription {
    public static let code = TPMCommandCode.duplicate
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.dup, HandleTypes.object),
        TPMHandleSlot(.none, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var encryptionKeyIn: [UInt8] = []
        public var symmetricAlg: TPMSymmetricDefinition = TPMSymmetricDefinition.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.encryptionKeyIn, max: TPMLimits.maxData),
            .symmetricObject(\.symmetricAlg),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - encryptionKeyIn: the symmetric key for the inner wrapper; empty for the TPM to generate one, or when
        ///     symmetricAlg is TPM_ALG_NULL.
        ///   - symmetricAlg: the definition of the inner wrapper; TPM_ALG_NULL for none.
        public init(encryptionKeyIn: [UInt8], symmetricAlg: TPMSymmetricDefinition) {
            self.encryptionKeyIn = encryptionKeyIn
            self.symmetricAlg = symmetricAlg
        }
    }

    public struct Response: TPMParameterList {
        public var encryptionKeyOut: [UInt8] = []
        public var duplicate: [UInt8] = []
        public var outSymSeed: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.encryptionKeyOut, max: TPMLimits.maxData),
            .sized(\.duplicate, max: TPMLimits.maxPrivate),
            .sized(\.outSymSeed, max: TPMLimits.maxEncryptedSecret),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - encryptionKeyOut: the inner wrapper key the TPM generated; empty if the caller gave one or there is
        ///     no inner wrapper.
        ///   - duplicate: the private area (TPM2B_PRIVATE) under the inner and outer wrappers.
        ///   - outSymSeed: the seed of the outer wrapper, protected by the new parent's key (TPM2B_ENCRYPTED_SECRET).
        public init(encryptionKeyOut: [UInt8], duplicate: [UInt8], outSymSeed: [UInt8]) {
            self.encryptionKeyOut = encryptionKeyOut
            self.duplicate = duplicate
            self.outSymSeed = outSymSeed
        }
    }
}
