/// TPM2_VerifySignature (Part 3 §20.1): checks a signature with a loaded key and gives a verified ticket.
public enum VerifySignature: TPMCommandDescription {
    public static let code = TPMCommandCode.verifySignature
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var digest: [UInt8] = []
        public var signature = TPMSignature.null
        public static let fields: [TPMField<Self>] = [.sized(\.digest, max: TPMLimits.maxDigest), .value(\.signature)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - digest: the digest of the signed message.
        ///   - signature: the signature to check.
        public init(digest: [UInt8], signature: TPMSignature) {
            self.digest = digest
            self.signature = signature
        }
    }

    public struct Response: TPMParameterList {
        public var validation = TPMTicket.null(TPMStructureTag.verified)
        public static let fields: [TPMField<Self>] = [.value(\.validation)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter validation: the verified ticket (TPMT_TK_VERIFIED) that the key signed the digest.
        public init(validation: TPMTicket) {
            self.validation = validation
        }
    }
}
