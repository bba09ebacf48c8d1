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
extension PolicyTicket: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        if session.isTrial { throw TPMError(.attributes, .handle(1)) }
        guard input.timeout.count == 8 else { throw TPMError(.size, parameter(\.timeout)) }
        var raw: UInt64 = 0
        for byte in input.timeout { raw = raw << 8 | UInt64(byte) }
        let expiresOnReset = raw & PolicyGrant.expiresOnResetBit != 0
        let timeout = raw & ~PolicyGrant.expiresOnResetBit
        try PolicyGrant.check(
            session: session, timeout: timeout, cpHashA: input.cpHashA, nonceTPM: nil, tpm: tpm,
            nonce: parameter(\.timeout), cpHash: parameter(\.cpHashA), expiration: parameter(\.timeout))
        let expected = PolicyGrant.ticket(
            tag: input.ticket.tag, hierarchy: input.ticket.hierarchy, timeout: timeout,
            expiresOnReset: expiresOnReset, cpHashA: input.cpHashA, policyRef: input.policyRef,
            name: input.authName, tpm: tpm)
        guard SecureBytes.equal(expected.digest, input.ticket.digest) else {
            throw TPMError(.ticket, parameter(\.ticket))
        }
        let replaced: TPMCommandCode = input.ticket.tag == TPMStructureTag.authSigned ? .policySigned : .policySecret
        PolicyGrant.update(
            session: session, code: replaced, name: input.authName, policyRef: input.policyRef, cpHashA: input.cpHashA,
            timeout: timeout)
        return Response()
    }
}
