import TPMTypes

/// TPM2_PolicyCpHash (Part 3 §23.13): the policy authorizes only the command whose cpHash
/// (code, handle Names, parameters) is `cpHashA`.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCpHash || cpHashA).
///
/// Response codes: TPM_RC_SIZE (cpHashA is not the size of the session's digest:
/// parameter 1), TPM_RC_CPHASH (a different cpHash, or a nameHash or templateHash, is
/// already set), TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyCpHash: TPMCommand {
    static let code = TPMCommandCode.policyCpHash
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input { var session: TPMHandle; var cpHashA: [UInt8] }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0], cpHashA: try parameters.sizedParameter(1, max: TPMLimits.maxDigest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        guard input.cpHashA.count == session.hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        let state = session.policy
        // cpHash, nameHash and templateHash share one slot in the session (Part 3 §23.13).
        if state.nameHash != nil || state.templateHash != nil { throw TPMError(.cpHash) }
        if let existing = state.cpHash, existing != input.cpHashA { throw TPMError(.cpHash) }
        session.extendPolicy(.policyCpHash, input.cpHashA)
        session.policy.cpHash = input.cpHashA
        return NoOutput()
    }
}
