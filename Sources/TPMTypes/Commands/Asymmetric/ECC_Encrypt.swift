/// TPM2_ECC_Encrypt (Part 3 §14.8): ECIES encryption to a loaded key's public point.
public enum ECC_Encrypt: TPMCommandDescription {
    public static let code = TPMCommandCode.eccEncrypt
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var plainText: [UInt8] = []
        public var inScheme = TPMScheme.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.plainText, max: TPMLimits.maxBuffer),
            .scheme(\.inScheme, kind: .kdf),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - plainText: the data to encrypt.
        ///   - inScheme: the KDF to use if the key's scheme is TPM_ALG_NULL.
        public init(plainText: [UInt8], inScheme: TPMScheme) {
            self.plainText = plainText
            self.inScheme = inScheme
        }
    }

    public struct Response: TPMParameterList {
        public var c1 = TPMECCPoint()
        public var c2: [UInt8] = []
        public var c3: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.c1),
            .sized(\.c2, max: TPMLimits.maxBuffer),
            .sized(\.c3, max: TPMLimits.maxDigest),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - c1: C1, the ephemeral public point used for ECDH.
        ///   - c2: C2, the data block produced by the XOR process.
        ///   - c3: C3, the integrity value.
        public init(c1: TPMECCPoint, c2: [UInt8], c3: [UInt8]) {
            self.c1 = c1
            self.c2 = c2
            self.c3 = c3
        }
    }
}
