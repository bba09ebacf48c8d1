import TPMTypes

/// TPM2_NV_WriteLock (Part 3 §31.11): locks an index against writes until the next
/// Startup(CLEAR) (writeSTClear) or for good once written (writeDefine). Locking a locked
/// index succeeds.
///
/// Response codes: TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (neither writeDefine nor
/// writeSTClear: handle 2).
struct NV_WriteLock: TPMCommand {
    static let code = TPMCommandCode.nvWriteLock
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NVAccessInput {
        try NVAccessInput(handles: handles)
    }

    static func execute(_ input: NVAccessInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var index = try tpm.nvIndex(input.index)
        do {
            try TPMEngineState.checkNVWriteAccess(auth: input.auth, index: index)
        } catch {
            if error.code == .nvLocked { return NoOutput() }
            throw error
        }
        guard !index.publicArea.attributes.isDisjoint(with: [.writeDefine, .writeSTClear]) else { throw TPMError(.attributes, .handle(2)) }
        index.publicArea.attributes.insert(.writeLocked)
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
