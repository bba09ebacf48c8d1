import TPMTypes

/// TPM2_PolicyNvWritten (Part 3 §23.20): the authorized NV index must (writtenSet YES) or
/// must not (NO) have been written. policyDigest_new = H(policyDigest_old ||
/// TPM_CC_PolicyNvWritten || writtenSet).
///
/// Response codes: TPM_RC_VALUE (writtenSet is neither YES nor NO, or contradicts an earlier
/// PolicyNvWritten in the session: parameter 1; handle 1 is not a policy session).
extension PolicyNvWritten: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        if let existing = session.policy.nvWrittenState, existing != input.writtenSet {
            throw TPMError(.value, parameter(\.writtenSet))
        }
        session.extendPolicy(.policyNvWritten, [input.writtenSet ? 1 : 0])
        session.policy.nvWrittenState = input.writtenSet
        return Response()
    }
}
