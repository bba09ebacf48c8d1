/// TPM2_EncryptDecrypt2 (Part 3 §15.3): EncryptDecrypt with the data first, where a decrypt session can
/// protect it.
public enum EncryptDecrypt2: TPMCommandDescription {
    public static let code = TPMCommandCode.encryptDecrypt2
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inData: [UInt8] = []
        public var decrypt: Bool = false
        public var mode: TPMAlgorithm = TPMAlgorithm.null
        public var ivIn: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.inData, max: TPMLimits.maxBuffer),
            .yesNo(\.decrypt),
            .value(\.mode),
            .sized(\.ivIn, max: 16),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - inData: the data to encrypt or decrypt.
        ///   - decrypt: YES to decrypt, NO to encrypt.
        ///   - mode: the symmetric mode; TPM_ALG_NULL for the key's own.
        ///   - ivIn: the initial value the mode needs.
        public init(inData: [UInt8], decrypt: Bool, mode: TPMAlgorithm, ivIn: [UInt8]) {
            self.inData = inData
            self.decrypt = decrypt
            self.mode = mode
            self.ivIn = ivIn
        }
    }

    public typealias Response = TPMSymmetricResult
}
