import TPMTypes

/// TPM2_PCR_SetAuthPolicy (Part 3 §22.6): a persistent authPolicy for a PCR of the auth
/// group, set with platform authorization.
///
/// Response codes: TPM_RC_SIZE (policy size does not match the hash: parameter 1),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (PCR outside the policy group: parameter 3).
extension PCR_SetAuthPolicy: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard input.pcrNum.handleType == .pcr, PCRAuthGroup.contains(Int(input.pcrNum), count: tpm.pcrs.count) else {
            throw TPMError(.value, parameter(\.pcrNum))
        }
        let policy = HierarchyPolicy(hash: input.hashAlg, digest: input.authPolicy)
        try SetPrimaryPolicy.checkPolicy(policy, tpm: tpm)
        tpm.permanent.pcrPolicies[Int(input.pcrNum)] = policy.hash == .null ? nil : policy
        return Response()
    }
}
