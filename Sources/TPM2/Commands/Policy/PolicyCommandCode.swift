import TPMTypes

/// TPM2_PolicyCommandCode (Part 3 §23.11): the policy authorizes only `code`.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCommandCode || code).
///
/// Response codes: TPM_RC_VALUE (a different command code was already set: parameter 1),
/// TPM_RC_POLICY_CC (the code is not a command this TPM implements: parameter 1),
/// TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyCommandCode: TPMCommand {
    static let code = TPMCommandCode.policyCommandCode
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle; var code: TPMCommandCode }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0], code: try parameters.parameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        if let existing = session.policy.commandCode, existing != input.code { throw TPMError(.value, .parameter(1)) }
        guard CommandTable.entries[input.code] != nil, tpm.config.commands.contains(input.code) else {
            throw TPMError(.policyCC, .parameter(1))
        }
        var writer = TPMWriter()
        writer.write(input.code)
        session.extendPolicy(.policyCommandCode, writer.bytes)
        session.policy.commandCode = input.code
        return NoOutput()
    }
}
