import TPMTypes

/// TPM2_PolicyAuthValue (Part 3 §23.17): the authorized entity's authValue must key the
/// session's HMAC. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyAuthValue).
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyAuthValue: TPMCommand {
    static let code = TPMCommandCode.policyAuthValue
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        session.extendPolicy(.policyAuthValue)
        session.policy.isAuthValueNeeded = true
        session.policy.isPasswordNeeded = false
        return NoOutput()
    }
}
