import TPMTypes

/// TPM2_SequenceUpdate (Part 3 §17.5): adds data to a hash, HMAC or event sequence.
///
/// Response codes: TPM_RC_MODE (the handle is an object, not a sequence: handle 1).
extension SequenceUpdate: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        try loadedSequence(handles[0], on: tpm).update(input.buffer)
        return Response()
    }

    /// The sequence at handle 1; an object there is TPM_RC_MODE, nothing there TPM_RC_HANDLE.
    static func loadedSequence(_ handle: TPMHandle, on tpm: TPMEngineState) throws(TPMError) -> HashSequence {
        if case .sequence(let sequence)? = tpm.transients[handle] { return sequence }
        _ = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handle) }
        throw TPMError(.mode, .handle(1))
    }
}
