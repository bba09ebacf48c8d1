import TPMTypes

/// TPM2_HierarchyChangeAuth (Part 3 §24.8): a new authValue for owner, endorsement,
/// platform or lockout. The response is already authorized with the new value.
///
/// Response codes: TPM_RC_SIZE (longer than the TPM's largest digest: parameter 1),
/// TPM_RC_VALUE (not one of those hierarchies: handle 1).
extension HierarchyChangeAuth: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let auth = trimmedAuth(input.newAuth)
        guard auth.count <= tpm.config.largestDigestSize else { throw TPMError(.size, parameter(\.newAuth)) }
        switch handles[0] {
        case TPMRH.owner: tpm.permanent.ownerAuth = auth
        case TPMRH.endorsement: tpm.permanent.endorsementAuth = auth
        case TPMRH.lockout: tpm.permanent.lockoutAuth = auth
        default: tpm.platformAuth = auth
        }
        return Response()
    }
}
