/// What TPM2_MakeCredential answers and TPM2_ActivateCredential takes: the credential wrapped
/// for an object (TPM2B_ID_OBJECT) and the seed that protects it, encrypted to a key.
public struct TPMCredential: TPMParameterList, Equatable, Sendable {
    public var credentialBlob: [UInt8] = []
    public var secret: [UInt8] = []
    public static let fields: [TPMField<Self>] = [
        .sized(\.credentialBlob, max: 2 * (2 + TPMLimits.maxDigest)),
        .sized(\.secret, max: TPMLimits.maxEncryptedSecret),
    ]

    public init() {}
    /// Creates the credential and its seed field by field.
    /// - Parameters:
    ///   - credentialBlob: the credential, encrypted and integrity-protected for the object (TPM2B_ID_OBJECT).
    ///   - secret: the seed that protects credentialBlob, encrypted to the key (TPM2B_ENCRYPTED_SECRET).
    public init(credentialBlob: [UInt8], secret: [UInt8]) {
        self.credentialBlob = credentialBlob
        self.secret = secret
    }
}
