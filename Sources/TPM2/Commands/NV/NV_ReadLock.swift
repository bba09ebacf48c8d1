import TPMTypes

/// An index already read-locked answers success; an unwritten one may be locked.
/// Response codes: TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (readSTClear CLEAR: handle 2).
extension NV_ReadLock: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[1])
        do {
            try TPMEngineState.checkNVReadAccess(auth: handles[0], index: index)
        } catch {
            switch error.code {
            case .nvLocked: return Response()
            case .nvUninitialized: break
            default: throw error
            }
        }
        guard index.publicArea.attributes.contains(.readSTClear) else { throw TPMError(.attributes, .handle(2)) }
        index.publicArea.attributes.insert(.readLocked)
        tpm.updateNVIndex(index)
        return Response()
    }
}
