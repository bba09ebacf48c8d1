import TPMTypes

/// TPM2_PolicyTemplate (Part 3 §23.21): the policy authorizes CreatePrimary, Create or
/// CreateLoaded only for the template whose hash (of the TPMT_PUBLIC inside inPublic) is
/// templateHash; Authorization.checkPolicy enforces it.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyTemplate || templateHash).
///
/// Response codes: TPM_RC_CPHASH (a cpHash or nameHash is set), TPM_RC_VALUE (a different
/// templateHash is set: parameter 1; handle 1 is not a policy session), TPM_RC_SIZE
/// (templateHash is not the session's digest size: parameter 1).
extension PolicyTemplate: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        let state = session.policy
        if let existing = state.templateHash {
            if existing != input.templateHash { throw TPMError(.value, parameter(\.templateHash)) }
        } else if state.cpHash != nil || state.nameHash != nil {
            throw TPMError(.cpHash)
        }
        guard input.templateHash.count == session.hash.digestSize else {
            throw TPMError(.size, parameter(\.templateHash))
        }
        session.extendPolicy(code, input.templateHash)
        session.policy.templateHash = input.templateHash
        return Response()
    }
}
