import TPMTypes

/// TPM2_PolicyRestart (Part 3 §23.20): the session's policyDigest back to zero and every
/// recorded assertion cleared, so a failed attempt can start over without a new session.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyRestart: TPMCommand {
    static let code = TPMCommandCode.policyRestart
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        try tpm.policySession(input.session).restartPolicy()
        return NoOutput()
    }
}
