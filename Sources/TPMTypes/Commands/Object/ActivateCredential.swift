/// TPM2_ActivateCredential (Part 3 §12.5): the credential a MakeCredential protected, if its object is here.
public enum ActivateCredential: TPMCommandDescription {
    public static let code = TPMCommandCode.activateCredential
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.admin, HandleTypes.object), TPMHandleSlot(.user, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var credentialBlob: [UInt8] = []
        public var secret: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sized(\.credentialBlob, max: 2 * (2 + TPMLimits.maxDigest)),
            .sized(\.secret, max: TPMLimits.maxEncryptedSecret),
        ]

        public init() {}
        public init(credentialBlob: [UInt8], secret: [UInt8]) {
            self.credentialBlob = credentialBlob
            self.secret = secret
        }
    }

    public struct Response: TPMParameterList {
        public var certInfo: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.certInfo, max: TPMLimits.maxDigest)]

        public init() {}
        public init(certInfo: [UInt8]) {
            self.certInfo = certInfo
        }
    }
}
