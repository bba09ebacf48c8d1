import TPMTypes

/// TPM2_PolicyTemplate (Part 3 §23.22): the policy authorizes CreatePrimary, Create or
/// CreateLoaded only for the template whose hash (of the TPMT_PUBLIC inside inPublic) is
/// templateHash; Authorization.checkPolicy enforces it.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyTemplate || templateHash).
///
/// Response codes: TPM_RC_CPHASH (a cpHash or nameHash is set), TPM_RC_VALUE (a different
/// templateHash is set: parameter 1; handle 1 is not a policy session), TPM_RC_SIZE
/// (templateHash is not the session's digest size: parameter 1).
struct PolicyTemplate: TPMCommand {
    static let code = TPMCommandCode.policyTemplate
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input { var session: TPMHandle; var templateHash: [UInt8] }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0], templateHash: try parameters.sizedParameter(1, max: TPMLimits.maxDigest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        let state = session.policy
        if let existing = state.templateHash {
            if existing != input.templateHash { throw TPMError(.value, .parameter(1)) }
        } else if state.cpHash != nil || state.nameHash != nil {
            throw TPMError(.cpHash)
        }
        guard input.templateHash.count == session.hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        session.extendPolicy(code, input.templateHash)
        session.policy.templateHash = input.templateHash
        return NoOutput()
    }
}
