/// TPM2_ECC_Decrypt (Part 3 §14.9): ECIES decryption with a loaded private key.
public enum ECC_Decrypt: TPMCommandDescription {
    public static let code = TPMCommandCode.eccDecrypt
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var c1 = TPMECCPoint()
        public var c2: [UInt8] = []
        public var c3: [UInt8] = []
        public var inScheme = TPMScheme.null
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.c1),
            .sized(\.c2, max: TPMLimits.maxBuffer),
            .sized(\.c3, max: TPMLimits.maxDigest),
            .scheme(\.inScheme, kind: .kdf),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - c1: C1, the ephemeral public point used for ECDH.
        ///   - c2: C2, the data block produced by the XOR process.
        ///   - c3: C3, the integrity value.
        ///   - inScheme: the KDF to use if the key's scheme is TPM_ALG_NULL.
        public init(c1: TPMECCPoint, c2: [UInt8], c3: [UInt8], inScheme: TPMScheme) {
            self.c1 = c1
            self.c2 = c2
            self.c3 = c3
            self.inScheme = inScheme
        }
    }

    public struct Response: TPMParameterList {
        public var plainText: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.plainText, max: TPMLimits.maxBuffer)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter plainText: the decrypted data.
        public init(plainText: [UInt8]) {
            self.plainText = plainText
        }
    }
}
