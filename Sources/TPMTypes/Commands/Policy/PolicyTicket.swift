/// TPM2_PolicyTicket (Part 3 §23.5): a PolicySigned or PolicySecret grant again, from its ticket.
public enum PolicyTicket: TPMCommandDescription {
    public static let code = TPMCommandCode.policyTicket
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.policySession)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var timeout: [UInt8] = []
        public var cpHashA: [UInt8] = []
        public var policyRef: [UInt8] = []
        public var authName: [UInt8] = []
        public var ticket = TPMTicket.null(TPMStructureTag.authSigned)
        public static let fields: [TPMField<Self>] = [
            .sized(\.timeout, max: TPMLimits.maxTimeout),
            .sized(\.cpHashA, max: TPMLimits.maxDigest),
            .sized(\.policyRef, max: TPMLimits.maxDigest),
            .sized(\.authName, max: TPMLimits.maxName),
            .ticket(\.ticket, accepting: [TPMStructureTag.authSigned, TPMStructureTag.authSecret]),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - timeout: the timeout TPM2_PolicySigned or TPM2_PolicySecret returned with the ticket.
        ///   - cpHashA: digest of the command parameters the authorization is limited to; may be empty.
        ///   - policyRef: the policy qualifier the authorization was given for; may be empty.
        ///   - authName: Name of the object that provided the authorization.
        ///   - ticket: the TPM_ST_AUTH_SIGNED or TPM_ST_AUTH_SECRET ticket (TPMT_TK_AUTH) that command returned.
        public init(timeout: [UInt8], cpHashA: [UInt8], policyRef: [UInt8], authName: [UInt8], ticket: TPMTicket) {
            self.timeout = timeout
            self.cpHashA = cpHashA
            self.policyRef = policyRef
            self.authName = authName
            self.ticket = ticket
        }
    }

    public typealias Response = TPMNoParameters
}
