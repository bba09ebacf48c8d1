import TPMTypes

/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (counter,
/// bits or extend index), TPM_RC_VALUE (offset beyond the index: parameter 2),
/// TPM_RC_NV_RANGE (data runs past the end, or a partial write of a writeAll index),
/// TPM_RC_SIZE (more than the TPM's NV buffer: parameter 1).
extension NV_Write: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard input.data.count <= tpm.config.profile.maxNVBufferSize else { throw TPMError(.size, parameter(\.data)) }
        var index = try tpm.nvIndex(handles[1])
        try TPMEngineState.checkNVWriteAccess(auth: handles[0], index: index)
        guard let type = index.publicArea.attributes.type, ![.counter, .bits, .extend].contains(type) else {
            throw TPMError(.attributes)
        }
        let size = Int(index.publicArea.dataSize)
        let offset = Int(input.offset)
        guard offset <= size else { throw TPMError(.value, parameter(\.offset)) }
        guard input.data.count <= size - offset else { throw TPMError(.nvRange) }
        if index.publicArea.attributes.contains(.writeAll) && input.data.count < size { throw TPMError(.nvRange) }
        index.data.replaceSubrange(offset..<offset + input.data.count, with: input.data)
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return Response()
    }
}
