import TPMTypes

/// TPM2_SetPrimaryPolicy (Part 3 §24.6): the authPolicy of owner, endorsement, platform or
/// lockout. An empty policy with TPM_ALG_NULL removes it.
///
/// Response codes: TPM_RC_SIZE (policy size does not match the hash: parameter 1),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (handle 1).
struct SetPrimaryPolicy: TPMCommand {
    static let code = TPMCommandCode.setPrimaryPolicy
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var hierarchy: TPMHandle
        var policy: HierarchyPolicy
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let hierarchy = try HandleRules.oneOf(handles[0], [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout], culprit: .handle(1))
        let digest = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        let hash: TPMAlgorithm = try parameters.parameter(2)
        return Input(hierarchy: hierarchy, policy: HierarchyPolicy(hash: hash, digest: digest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let policy = input.policy
        try checkPolicy(policy, tpm: tpm)
        switch input.hierarchy {
        case TPMRH.owner: tpm.permanent.ownerPolicy = policy
        case TPMRH.endorsement: tpm.permanent.endorsementPolicy = policy
        case TPMRH.lockout: tpm.permanent.lockoutPolicy = policy
        default: tpm.platformPolicy = policy
        }
        return NoOutput()
    }

    /// A policy digest (parameter 1) must match its hash (parameter 2); NULL means none.
    static func checkPolicy(_ policy: HierarchyPolicy, tpm: TPMEngineState) throws(TPMError) {
        if policy.hash == .null {
            guard policy.digest.isEmpty else { throw TPMError(.size, .parameter(1)) }
        } else {
            guard let hash = tpm.admittedHash(policy.hash) else { throw TPMError(.hash, .parameter(2)) }
            guard policy.digest.count == hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        }
    }
}
