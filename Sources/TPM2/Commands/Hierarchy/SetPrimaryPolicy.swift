import TPMTypes

/// TPM2_SetPrimaryPolicy (Part 3 §24.6): the authPolicy of owner, endorsement, platform or
/// lockout. An empty policy with TPM_ALG_NULL removes it.
///
/// Response codes: TPM_RC_SIZE (policy size does not match the hash: parameter 1),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (handle 1).
extension SetPrimaryPolicy: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let policy = HierarchyPolicy(hash: input.hashAlg, digest: input.authPolicy)
        try checkPolicy(policy, tpm: tpm)
        switch handles[0] {
        case TPMRH.owner: tpm.permanent.ownerPolicy = policy
        case TPMRH.endorsement: tpm.permanent.endorsementPolicy = policy
        case TPMRH.lockout: tpm.permanent.lockoutPolicy = policy
        default: tpm.platformPolicy = policy
        }
        return Response()
    }

    /// A policy digest (parameter 1) must match its hash (parameter 2); NULL means none.
    static func checkPolicy(_ policy: HierarchyPolicy, tpm: TPMEngineState) throws(TPMError) {
        if policy.hash == .null {
            guard policy.digest.isEmpty else { throw TPMError(.size, parameter(\.authPolicy)) }
        } else {
            guard let hash = tpm.admittedHash(policy.hash) else { throw TPMError(.hash, parameter(\.hashAlg)) }
            guard policy.digest.count == hash.digestSize else { throw TPMError(.size, parameter(\.authPolicy)) }
        }
    }
}
