import TPMTypes

/// TPM2_PolicyNameHash (Part 3 §23.14): the policy authorizes only a command whose handles
/// have the Names that hash to `nameHash` (H(Name1 || Name2 || …) in the session's hash).
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyNameHash || nameHash).
///
/// Response codes: TPM_RC_SIZE (nameHash is not the size of the session's digest:
/// parameter 1), TPM_RC_CPHASH (a cpHash, nameHash or templateHash is already set),
/// TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyNameHash: TPMCommand {
    static let code = TPMCommandCode.policyNameHash
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input { var session: TPMHandle; var nameHash: [UInt8] }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0], nameHash: try parameters.sizedParameter(1, max: TPMLimits.maxDigest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        guard input.nameHash.count == session.hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        let state = session.policy
        // The slot cpHash, nameHash and templateHash share must be empty (Part 3 §23.14).
        if state.cpHash != nil || state.nameHash != nil || state.templateHash != nil { throw TPMError(.cpHash) }
        session.extendPolicy(.policyNameHash, input.nameHash)
        session.policy.nameHash = input.nameHash
        return NoOutput()
    }
}
