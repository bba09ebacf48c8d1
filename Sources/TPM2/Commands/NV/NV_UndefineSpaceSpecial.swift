import TPMTypes

/// Response codes: TPM_RC_ATTRIBUTES (policyDelete is CLEAR: handle 1).
extension NV_UndefineSpaceSpecial: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let nvIndex = handles[0]
        guard try tpm.nvIndex(nvIndex).publicArea.attributes.contains(.policyDelete) else {
            throw TPMError(.attributes, .handle(1))
        }
        tpm.permanent.nvIndices[nvIndex] = nil
        // The index authorized this command; its response HMAC is keyed with the Empty Buffer.
        tpm.dissociatedHandles.insert(nvIndex)
        return Response()
    }
}
