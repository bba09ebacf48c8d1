import TPMTypes

/// TPM2_FlushContext (Part 3 §28.4): removes a transient object, sequence, or session
/// (loaded or saved). The handle is a parameter, not a handle-area handle.
///
/// Response codes: TPM_RC_HANDLE (nothing to flush there: parameter 1), TPM_RC_VALUE (not
/// an object or session handle, TPMI_DH_CONTEXT: parameter 1).
extension FlushContext: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        switch input.flushHandle.handleType {
        case .transient:
            guard tpm.transients.removeValue(forKey: input.flushHandle) != nil else {
                throw TPMError(.handle, parameter(\.flushHandle))
            }
        case .hmacSession, .policySession:
            guard tpm.sessions.removeValue(forKey: input.flushHandle) != nil else {
                throw TPMError(.handle, parameter(\.flushHandle))
            }
        default:
            throw TPMError(.value, parameter(\.flushHandle))
        }
        return Response()
    }
}
