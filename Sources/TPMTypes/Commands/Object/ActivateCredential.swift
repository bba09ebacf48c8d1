/// TPM2_ActivateCredential (Part 3 §12.5): the credential a MakeCredential protected, if its object is here.
public enum ActivateCredential: TPMCommandDescription {
    public static let code = TPMCommandCode.activateCredential
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.admin, HandleTypes.object), TPMHandleSlot(.user, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public typealias Parameters = TPMCredential

    public struct Response: TPMParameterList {
        public var certInfo: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.certInfo, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter certInfo: the decrypted credential information.
        public init(certInfo: [UInt8]) {
            self.certInfo = certInfo
        }
    }
}
