/// TPM2_Sign (Part 3 §20.2): a signature over a digest with a loaded signing key; a restricted key signs
/// only digests the TPM computed (a hashcheck ticket proves it).
public enum Sign: TPMCommandDescription {
    public static let code = TPMCommandCode.sign
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var digest: [UInt8] = []
        public var inScheme = TPMScheme.null
        public var validation = TPMTicket.null(TPMStructureTag.hashcheck)
        public static let fields: [TPMField<Self>] = [
            .sized(\.digest, max: TPMLimits.maxDigest),
            .scheme(\.inScheme, kind: .signature),
            .ticket(\.validation, accepting: [TPMStructureTag.hashcheck]),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - digest: the digest to sign.
        ///   - inScheme: the signing scheme to use if the key's scheme is TPM_ALG_NULL.
        ///   - validation: the hashcheck ticket that the TPM computed the digest; may be a NULL ticket for an
        ///     unrestricted key.
        public init(digest: [UInt8], inScheme: TPMScheme, validation: TPMTicket) {
            self.digest = digest
            self.inScheme = inScheme
            self.validation = validation
        }
    }

    public struct Response: TPMParameterList {
        public var signature = TPMSignature.null
        public static let fields: [TPMField<Self>] = [.value(\.signature)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter signature: the signature over the digest.
        public init(signature: TPMSignature) {
            self.signature = signature
        }
    }
}
