import TPMTypes

/// TPM2_PolicyCommandCode (Part 3 §23.11): the policy authorizes only `code`.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCommandCode || code).
///
/// Response codes: TPM_RC_VALUE (a different command code was already set: parameter 1),
/// TPM_RC_POLICY_CC (the code is not a command this TPM implements: parameter 1),
/// TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyCommandCode: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        if let existing = session.policy.commandCode, existing != input.code {
            throw TPMError(.value, parameter(\.code))
        }
        guard CommandTable.entries[input.code] != nil, tpm.config.commands.contains(input.code) else {
            throw TPMError(.policyCC, parameter(\.code))
        }
        var writer = TPMWriter()
        writer.write(input.code)
        session.extendPolicy(.policyCommandCode, writer.bytes)
        session.policy.commandCode = input.code
        return Response()
    }
}
