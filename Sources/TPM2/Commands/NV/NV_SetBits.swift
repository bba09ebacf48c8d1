import TPMTypes

/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (not a
/// bit-field index: handle 2).
extension NV_SetBits: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[1])
        try TPMEngineState.checkNVWriteAccess(auth: handles[0], index: index)
        guard index.publicArea.attributes.type == .bits else { throw TPMError(.attributes, .handle(2)) }
        let old = index.publicArea.attributes.contains(.written) ? index.data.bigEndianUInt64 : 0
        index.data = (old | input.bits).bigEndianBytes
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return Response()
    }
}
