import TPMTypes

/// TPM2_NV_ReadLock (Part 3 §31.14): locks a readSTClear index against reads until the next
/// Startup. Locking a locked or unwritten index succeeds.
///
/// Response codes: TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (readSTClear is CLEAR: handle 2).
struct NV_ReadLock: TPMCommand {
    static let code = TPMCommandCode.nvReadLock
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NVAccessInput {
        try NVAccessInput(handles: handles)
    }

    static func execute(_ input: NVAccessInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var index = try tpm.nvIndex(input.index)
        do {
            try TPMEngineState.checkNVReadAccess(auth: input.auth, index: index)
        } catch {
            switch error.code {
            case .nvLocked: return NoOutput()
            case .nvUninitialized: break
            default: throw error
            }
        }
        guard index.publicArea.attributes.contains(.readSTClear) else { throw TPMError(.attributes, .handle(2)) }
        index.publicArea.attributes.insert(.readLocked)
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
