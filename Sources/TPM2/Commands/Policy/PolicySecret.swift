import TPMTypes

/// TPM2_PolicySecret (Part 3 §23.4): the caller proves knowledge of authHandle's
/// authorization (checked by the dispatcher, USER role) and the policy records it.
/// policyDigest_new = H(H(policyDigest_old || TPM_CC_PolicySecret || authName) || policyRef).
/// A negative expiration in a policy session also returns a timeout and a
/// TPM_ST_AUTH_SECRET ticket that PolicyTicket accepts in place of the secret.
///
/// Response codes: TPM_RC_NONCE (nonceTPM is not the session's: parameter 1), TPM_RC_SIZE
/// (cpHashA is not the session's digest size: parameter 2), TPM_RC_CPHASH (a different
/// cpHash is set), TPM_RC_EXPIRED (the expiration has passed: parameter 4), TPM_RC_VALUE
/// (handle 2 is not a policy session). A trial session skips the checks.
extension PolicySecret: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[1], number: 2)
        var timeout: UInt64 = 0
        if !session.isTrial {
            timeout = PolicyGrant.timeout(
                expiration: input.expiration, nonceTPM: input.nonceTPM, session: session, tpm: tpm)
            try PolicyGrant.check(
                session: session, timeout: timeout, cpHashA: input.cpHashA, nonceTPM: input.nonceTPM, tpm: tpm,
                nonce: parameter(\.nonceTPM), cpHash: parameter(\.cpHashA), expiration: parameter(\.expiration))
        }
        let name = try tpm.name(of: handles[0])
        PolicyGrant.update(
            session: session, code: code, name: name, policyRef: input.policyRef, cpHashA: input.cpHashA,
            timeout: timeout)
        let out = PolicyGrant.output(
            tag: TPMStructureTag.authSecret, expiration: input.expiration, timeout: timeout, session: session,
            hierarchy: tpm.hierarchy(of: handles[0]), nonceTPM: input.nonceTPM, cpHashA: input.cpHashA,
            policyRef: input.policyRef, name: name, tpm: tpm)
        return Response(timeout: out.timeout, policyTicket: out.ticket)
    }
}
