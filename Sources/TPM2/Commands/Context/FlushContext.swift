import TPMTypes

/// TPM2_FlushContext (Part 3 §28.4): removes a transient object, sequence, or session
/// (loaded or saved). The handle is a parameter, not a handle-area handle.
///
/// Response codes: TPM_RC_HANDLE (nothing to flush there: parameter 1), TPM_RC_VALUE (not
/// an object or session handle, TPMI_DH_CONTEXT: parameter 1).
struct FlushContext: TPMCommand {
    static let code = TPMCommandCode.flushContext

    struct Input { var handle: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(handle: try parameters.integerParameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        switch input.handle.handleType {
        case .transient:
            guard tpm.transients.removeValue(forKey: input.handle) != nil else { throw TPMError(.handle, .parameter(1)) }
        case .hmacSession, .policySession:
            guard tpm.sessions.removeValue(forKey: input.handle) != nil else { throw TPMError(.handle, .parameter(1)) }
        default:
            throw TPMError(.value, .parameter(1))
        }
        return NoOutput()
    }
}
