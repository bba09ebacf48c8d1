/// TPM2_Rewrap (Part 3 §13.2): a duplicated object moved from one parent's protection to another's.
public enum Rewrap: TPMCommandDescription {
    public static let code = TPMCommandCode.rewrap
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.user, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
        TPMHandleSlot(.none, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inDuplicate: [UInt8] = []
        public var name: [UInt8] = []
        public var inSymSeed: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.inDuplicate, max: TPMLimits.maxPrivate),
            .sized(\.name, max: TPMLimits.maxName),
            .sized(\.inSymSeed, max: TPMLimits.maxEncryptedSecret),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - inDuplicate: the object under the old parent's outer wrapper.
        ///   - name: the Name of the object being rewrapped.
        ///   - inSymSeed: the seed of the outer wrapper's symmetric and HMAC keys, protected by the old parent's key.
        public init(inDuplicate: [UInt8], name: [UInt8], inSymSeed: [UInt8]) {
            self.inDuplicate = inDuplicate
            self.name = name
            self.inSymSeed = inSymSeed
        }
    }

    public struct Response: TPMParameterList {
        public var outDuplicate: [UInt8] = []
        public var outSymSeed: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.outDuplicate, max: TPMLimits.maxPrivate),
            .sized(\.outSymSeed, max: TPMLimits.maxEncryptedSecret),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - outDuplicate: the object under the new parent's outer wrapper.
        ///   - outSymSeed: the seed of the outer wrapper's symmetric and HMAC keys, protected by the new parent's key.
        public init(outDuplicate: [UInt8], outSymSeed: [UInt8]) {
            self.outDuplicate = outDuplicate
            self.outSymSeed = outSymSeed
        }
    }
}
