/// TPM2_EncryptDecrypt (Part 3 §15.2): symmetric encryption or decryption with a loaded key (its data last,
/// so no decrypt session can protect it: EncryptDecrypt2 is the one to use).
public enum EncryptDecrypt: TPMCommandDescription {
    public static let code = TPMCommandCode.encryptDecrypt
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var decrypt: Bool = false
        public var mode: TPMAlgorithm = TPMAlgorithm.null
        public var ivIn: [UInt8] = []
        public var inData: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .yesNo(\.decrypt),
            .value(\.mode),
            .sized(\.ivIn, max: 16),
            .sized(\.inData, max: TPMLimits.maxBuffer),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - decrypt: YES to decrypt, NO to encrypt.
        ///   - mode: the symmetric mode; TPM_ALG_NULL for the key's own.
        ///   - ivIn: the initial value the mode needs.
        ///   - inData: the data to encrypt or decrypt.
        public init(decrypt: Bool, mode: TPMAlgorithm, ivIn: [UInt8], inData: [UInt8]) {
            self.decrypt = decrypt
            self.mode = mode
            self.ivIn = ivIn
            self.inData = inData
        }
    }

    public typealias Response = TPMSymmetricResult
}
