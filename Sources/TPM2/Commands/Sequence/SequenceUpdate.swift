import TPMTypes

/// TPM2_SequenceUpdate (Part 3 §17.5): adds data to a hash, HMAC or event sequence.
///
/// Response codes: TPM_RC_MODE (the handle is an object, not a sequence: handle 1).
struct SequenceUpdate: TPMCommand {
    static let code = TPMCommandCode.sequenceUpdate
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true

    struct Input {
        var sequence: TPMHandle
        var buffer: [UInt8]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(sequence: handles[0], buffer: try parameters.sizedParameter(1, max: TPMLimits.maxBuffer))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        try loadedSequence(input.sequence, on: tpm).update(input.buffer)
        return NoOutput()
    }

    /// The sequence at handle 1; an object there is TPM_RC_MODE, nothing there TPM_RC_HANDLE.
    static func loadedSequence(_ handle: TPMHandle, on tpm: TPMEngineState) throws(TPMError) -> HashSequence {
        if case .sequence(let sequence)? = tpm.transients[handle] { return sequence }
        _ = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handle) }
        throw TPMError(.mode, .handle(1))
    }
}
