import TPMTypes

/// TPM2_PolicyPassword (Part 3 §23.18): the authorized entity's authValue must come as a
/// plaintext password in the session's HMAC field. It extends the digest exactly as
/// PolicyAuthValue does (TPM_CC_PolicyAuthValue), so either satisfies the same policy.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyPassword: TPMCommand {
    static let code = TPMCommandCode.policyPassword
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        session.extendPolicy(.policyAuthValue)
        session.policy.isPasswordNeeded = true
        session.policy.isAuthValueNeeded = false
        return NoOutput()
    }
}
