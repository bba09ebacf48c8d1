import TPMTypes

/// TPM2_PolicyNvWritten (Part 3 §23.21): the authorized NV index must (writtenSet YES) or
/// must not (NO) have been written. policyDigest_new = H(policyDigest_old ||
/// TPM_CC_PolicyNvWritten || writtenSet).
///
/// Response codes: TPM_RC_VALUE (writtenSet is neither YES nor NO, or contradicts an earlier
/// PolicyNvWritten in the session: parameter 1; handle 1 is not a policy session).
struct PolicyNvWritten: TPMCommand {
    static let code = TPMCommandCode.policyNvWritten
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle; var writtenSet: Bool }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        // TPMI_YES_NO: 0 or 1, anything else TPM_RC_VALUE.
        let raw: UInt8 = try parameters.integerParameter(1)
        guard raw <= 1 else { throw TPMError(.value, .parameter(1)) }
        return Input(session: handles[0], writtenSet: raw == 1)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        if let existing = session.policy.nvWrittenState, existing != input.writtenSet { throw TPMError(.value, .parameter(1)) }
        session.extendPolicy(.policyNvWritten, [input.writtenSet ? 1 : 0])
        session.policy.nvWrittenState = input.writtenSet
        return NoOutput()
    }
}
