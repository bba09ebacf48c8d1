/// What TPM2_PolicySigned and TPM2_PolicySecret answer: the grant's timeout and, when it
/// expires, the ticket TPM2_PolicyTicket takes (a NULL ticket otherwise).
public struct TPMPolicyGrant: TPMParameterList, Equatable, Sendable {
    public var timeout: [UInt8] = []
    public var policyTicket = TPMTicket.null(TPMStructureTag.authSecret)
    public static let fields: [TPMField<Self>] = [.sized(\.timeout, max: TPMLimits.maxTimeout), .value(\.policyTicket)]

    public init() {}
    /// Creates the response parameters field by field.
    /// - Parameters:
    ///   - timeout: when the authorization expires (TPM2B_TIMEOUT, the TPM's own encoding); empty with no ticket.
    ///   - policyTicket: the TPMT_TK_AUTH ticket TPM2_PolicyTicket takes, or a NULL ticket.
    public init(timeout: [UInt8], policyTicket: TPMTicket) {
        self.timeout = timeout
        self.policyTicket = policyTicket
    }
}
