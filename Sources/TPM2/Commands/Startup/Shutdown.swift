import TPMTypes

/// TPM2_Shutdown (Part 3 §9.4): CLEAR prepares for a TPM Reset, STATE saves PCRs so the
/// next Startup(STATE) resumes. Either makes the coming power loss orderly.
///
/// Response codes: TPM_RC_VALUE (unknown shutdown type: parameter 1), TPM_RC_TYPE (STATE
/// while a PCR allocation waits for the next reset: parameter 1).
extension Shutdown: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        // A new PCR allocation needs a TPM Reset, which a saved state would prevent.
        if input.shutdownType == .state && tpm.permanent.pendingPCRBanks != nil {
            throw TPMError(.type, parameter(\.shutdownType))
        }
        tpm.permanent.savedState = input.shutdownType == .state ? tpm.stateImage.encoded() : nil
        tpm.permanent.orderlyShutdown = true
        tpm.shutdownDone = true
        return Response()
    }
}
