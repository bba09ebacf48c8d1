/// TPM2_RSA_Encrypt (Part 3 §14.2): RSA encryption with a loaded key's public half (OAEP, PKCS#1 v1.5 or raw).
public enum RSA_Encrypt: TPMCommandDescription {
    public static let code = TPMCommandCode.rsaEncrypt
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var message: [UInt8] = []
        public var inScheme = TPMScheme.null
        public var label: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.message, max: TPMLimits.maxRSAKeyBytes),
            .scheme(\.inScheme, kind: .rsaDecrypt),
            .sized(\.label, max: TPMLimits.maxData),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - message: the message to encrypt.
        ///   - inScheme: the padding scheme to use if the key's scheme is TPM_ALG_NULL.
        ///   - label: the optional label L to associate with the message (OAEP).
        public init(message: [UInt8], inScheme: TPMScheme, label: [UInt8]) {
            self.message = message
            self.inScheme = inScheme
            self.label = label
        }
    }

    public struct Response: TPMParameterList {
        public var outData: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.outData, max: TPMLimits.maxRSAKeyBytes)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter outData: the encrypted output.
        public init(outData: [UInt8]) {
            self.outData = outData
        }
    }
}
