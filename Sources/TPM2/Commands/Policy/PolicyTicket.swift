import TPMTypes
import TrustCrypto

/// TPM2_PolicyTicket (Part 3 §23.5): a ticket from an earlier PolicySigned or PolicySecret
/// stands in for the signature or secret until its timeout. The digest is extended as the
/// command the ticket replaces would have: H(H(policyDigest_old || TPM_CC_PolicySigned or
/// TPM_CC_PolicySecret || authName) || policyRef).
///
/// Response codes: TPM_RC_ATTRIBUTES (a trial session: handle 1), TPM_RC_SIZE (timeout is not
/// ours: parameter 1; cpHashA: parameter 2), TPM_RC_EXPIRED (parameter 1), TPM_RC_CPHASH,
/// TPM_RC_TICKET (the ticket does not match: parameter 5), TPM_RC_TAG (not an auth ticket:
/// parameter 5), TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyTicket: TPMCommand {
    static let code = TPMCommandCode.policyTicket
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input {
        var session: TPMHandle
        var timeout: [UInt8]
        var cpHashA: [UInt8]
        var policyRef: [UInt8]
        var authName: [UInt8]
        var ticket: TPMTicket
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let timeout = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        let cpHashA = try parameters.sizedParameter(2, max: TPMLimits.maxDigest)
        let policyRef = try parameters.sizedParameter(3, max: TPMLimits.maxDigest)
        let authName = try parameters.sizedParameter(4, max: TPMLimits.maxName)
        // TPMT_TK_AUTH: only the two auth ticket tags.
        let ticket: TPMTicket
        do { ticket = try TPMTicket(from: &parameters, accepting: [TPMStructureTag.authSigned, TPMStructureTag.authSecret]) }
        catch { throw error.at(.parameter(5)) }
        return Input(session: handles[0], timeout: timeout, cpHashA: cpHashA, policyRef: policyRef, authName: authName, ticket: ticket)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        if session.isTrial { throw TPMError(.attributes, .handle(1)) }
        guard input.timeout.count == 8 else { throw TPMError(.size, .parameter(1)) }
        var raw: UInt64 = 0
        for byte in input.timeout { raw = raw << 8 | UInt64(byte) }
        let expiresOnReset = raw & PolicyGrant.expiresOnResetBit != 0
        let timeout = raw & ~PolicyGrant.expiresOnResetBit
        try PolicyGrant.check(session: session, timeout: timeout, cpHashA: input.cpHashA, nonceTPM: nil, tpm: tpm,
                              nonce: .parameter(1), cpHash: .parameter(2), expiration: .parameter(1))
        let expected = PolicyGrant.ticket(tag: input.ticket.tag, hierarchy: input.ticket.hierarchy, timeout: timeout,
                                          expiresOnReset: expiresOnReset, cpHashA: input.cpHashA, policyRef: input.policyRef,
                                          name: input.authName, tpm: tpm)
        guard SecureBytes.equal(expected.digest, input.ticket.digest) else { throw TPMError(.ticket, .parameter(5)) }
        let replaced: TPMCommandCode = input.ticket.tag == TPMStructureTag.authSigned ? .policySigned : .policySecret
        PolicyGrant.update(session: session, code: replaced, name: input.authName, policyRef: input.policyRef, cpHashA: input.cpHashA,
                           timeout: timeout)
        return NoOutput()
    }
}
