import TPMTypes

/// TPM2_Shutdown (Part 3 §9.4): CLEAR prepares for a TPM Reset, STATE saves PCRs so the
/// next Startup(STATE) resumes. Either makes the coming power loss orderly.
///
/// Response codes: TPM_RC_VALUE (unknown shutdown type: parameter 1), TPM_RC_TYPE (STATE
/// while a PCR allocation waits for the next reset: parameter 1).
struct Shutdown: TPMCommand {
    static let code = TPMCommandCode.shutdown
    static let writesNV = true

    struct Input { var type: Startup.StartupType }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let raw: UInt16 = try parameters.integerParameter(1)
        guard let type = Startup.StartupType(rawValue: raw) else { throw TPMError(.value, .parameter(1)) }
        return Input(type: type)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        // A new PCR allocation needs a TPM Reset, which a saved state would prevent.
        if input.type == .state && tpm.permanent.pendingPCRBanks != nil { throw TPMError(.type, .parameter(1)) }
        tpm.permanent.savedState = input.type == .state ? tpm.stateImage.encoded() : nil
        tpm.permanent.orderlyShutdown = true
        tpm.shutdownDone = true
        return NoOutput()
    }
}
