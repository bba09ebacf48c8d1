import TPMTypes

/// TPM2_PolicyNameHash (Part 3 §23.14): the policy authorizes only a command whose handles
/// have the Names that hash to `nameHash` (H(Name1 || Name2 || …) in the session's hash).
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyNameHash || nameHash).
///
/// Response codes: TPM_RC_SIZE (nameHash is not the size of the session's digest:
/// parameter 1), TPM_RC_CPHASH (a cpHash, nameHash or templateHash is already set),
/// TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyNameHash: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        guard input.nameHash.count == session.hash.digestSize else { throw TPMError(.size, parameter(\.nameHash)) }
        let state = session.policy
        // The slot cpHash, nameHash and templateHash share must be empty (Part 3 §23.14).
        if state.cpHash != nil || state.nameHash != nil || state.templateHash != nil { throw TPMError(.cpHash) }
        session.extendPolicy(.policyNameHash, input.nameHash)
        session.policy.nameHash = input.nameHash
        return Response()
    }
}
