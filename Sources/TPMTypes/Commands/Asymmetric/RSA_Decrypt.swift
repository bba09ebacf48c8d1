/// TPM2_RSA_Decrypt (Part 3 §14.3): RSA decryption with a loaded private key.
public enum RSA_Decrypt: TPMCommandDescription {
    public static let code = TPMCommandCode.rsaDecrypt
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var cipherText: [UInt8] = []
        public var inScheme = TPMScheme.null
        public var label: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.cipherText, max: TPMLimits.maxRSAKeyBytes),
            .scheme(\.inScheme, kind: .rsaDecrypt),
            .sized(\.label, max: TPMLimits.maxData),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - cipherText: the cipher text to decrypt.
        ///   - inScheme: the padding scheme to use if the key's scheme is TPM_ALG_NULL.
        ///   - label: the label whose association with the message is checked (OAEP).
        public init(cipherText: [UInt8], inScheme: TPMScheme, label: [UInt8]) {
            self.cipherText = cipherText
            self.inScheme = inScheme
            self.label = label
        }
    }

    public struct Response: TPMParameterList {
        public var message: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.message, max: TPMLimits.maxRSAKeyBytes)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter message: the decrypted message.
        public init(message: [UInt8]) {
            self.message = message
        }
    }
}
