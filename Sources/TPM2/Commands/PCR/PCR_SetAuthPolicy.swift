import TPMTypes

/// TPM2_PCR_SetAuthPolicy (Part 3 §22.6): a persistent authPolicy for a PCR of the auth
/// group, set with platform authorization.
///
/// Response codes: TPM_RC_SIZE (policy size does not match the hash: parameter 1),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (PCR outside the policy group: parameter 3).
struct PCR_SetAuthPolicy: TPMCommand {
    static let code = TPMCommandCode.pcrSetAuthPolicy
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var policy: HierarchyPolicy
        var pcr: TPMHandle
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        let digest = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        let hash: TPMAlgorithm = try parameters.parameter(2)
        let pcr: TPMHandle = try parameters.integerParameter(3)
        return Input(policy: HierarchyPolicy(hash: hash, digest: digest), pcr: pcr)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard input.pcr.handleType == .pcr, PCRAuthGroup.contains(Int(input.pcr), count: tpm.pcrs.count) else {
            throw TPMError(.value, .parameter(3))
        }
        let policy = input.policy
        try SetPrimaryPolicy.checkPolicy(policy, tpm: tpm)
        tpm.permanent.pcrPolicies[Int(input.pcr)] = policy.hash == .null ? nil : policy
        return NoOutput()
    }
}
