import TPMTypes

/// An index already write-locked answers success. Response codes: TPM_RC_NV_AUTHORIZATION,
/// TPM_RC_ATTRIBUTES (neither writeDefine nor writeSTClear: handle 2).
extension NV_WriteLock: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[1])
        do {
            try TPMEngineState.checkNVWriteAccess(auth: handles[0], index: index)
        } catch {
            if error.code == .nvLocked { return Response() }
            throw error
        }
        guard !index.publicArea.attributes.isDisjoint(with: [.writeDefine, .writeSTClear]) else {
            throw TPMError(.attributes, .handle(2))
        }
        index.publicArea.attributes.insert(.writeLocked)
        tpm.updateNVIndex(index)
        return Response()
    }
}
