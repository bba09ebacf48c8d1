import TPMTypes

/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_UNINITIALIZED,
/// TPM_RC_VALUE (size above the NV buffer: parameter 1; offset beyond the index:
/// parameter 2), TPM_RC_NV_RANGE.
extension NV_Read: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let index = try tpm.nvIndex(handles[1])
        try TPMEngineState.checkNVReadAccess(auth: handles[0], index: index)
        guard Int(input.size) <= tpm.config.profile.maxNVBufferSize else { throw TPMError(.value, parameter(\.size)) }
        let dataSize = Int(index.publicArea.dataSize)
        let offset = Int(input.offset)
        guard offset <= dataSize else { throw TPMError(.value, parameter(\.offset)) }
        guard Int(input.size) <= dataSize - offset else { throw TPMError(.nvRange) }
        return Response(data: Array(index.data[offset..<offset + Int(input.size)]))
    }
}
