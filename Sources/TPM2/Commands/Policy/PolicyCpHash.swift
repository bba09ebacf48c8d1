import TPMTypes

/// TPM2_PolicyCpHash (Part 3 §23.13): the policy authorizes only the command whose cpHash
/// (code, handle Names, parameters) is `cpHashA`.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCpHash || cpHashA).
///
/// Response codes: TPM_RC_SIZE (cpHashA is not the size of the session's digest:
/// parameter 1), TPM_RC_CPHASH (a different cpHash, or a nameHash or templateHash, is
/// already set), TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyCpHash: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        guard input.cpHashA.count == session.hash.digestSize else { throw TPMError(.size, parameter(\.cpHashA)) }
        let state = session.policy
        // cpHash, nameHash and templateHash share one slot in the session (Part 3 §23.13).
        if state.nameHash != nil || state.templateHash != nil { throw TPMError(.cpHash) }
        if let existing = state.cpHash, existing != input.cpHashA { throw TPMError(.cpHash) }
        session.extendPolicy(.policyCpHash, input.cpHashA)
        session.policy.cpHash = input.cpHashA
        return Response()
    }
}
