/// TPM2_PolicyAuthorize (Part 3 §23.16): the policy is one an authority signed, by a verification ticket.
public enum PolicyAuthorize: TPMCommandDescription {
    public static let code = TPMCommandCode.policyAuthorize
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var approvedPolicy: [UInt8] = []
        public var policyRef: [UInt8] = []
        public var keySign: [UInt8] = []
        public var checkTicket = TPMTicket.null(TPMStructureTag.verified)
        public static let fields: [TPMField<Self>] = [
            .sized(\.approvedPolicy, max: TPMLimits.maxDigest),
            .sized(\.policyRef, max: TPMLimits.maxDigest),
            .sized(\.keySign, max: TPMLimits.maxName),
            .ticket(\.checkTicket, accepting: [TPMStructureTag.verified]),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - approvedPolicy: digest of the policy being approved.
        ///   - policyRef: the policy qualifier the authority signed with it; may be empty.
        ///   - keySign: Name of the key that signed the approval.
        ///   - checkTicket: the TPM2_VerifySignature ticket showing that keySign signed the digest of
        ///     approvedPolicy and policyRef.
        public init(approvedPolicy: [UInt8], policyRef: [UInt8], keySign: [UInt8], checkTicket: TPMTicket) {
            self.approvedPolicy = approvedPolicy
            self.policyRef = policyRef
            self.keySign = keySign
            self.checkTicket = checkTicket
        }
    }

    public typealias Response = TPMNoParameters
}
