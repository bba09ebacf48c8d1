import TPMTypes

/// Response codes: TPM_RC_ATTRIBUTES (policyDelete is SET: use NV_UndefineSpaceSpecial;
/// handle 2), TPM_RC_NV_AUTHORIZATION (owner deleting a platform index).
extension NV_UndefineSpace: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (authHandle, nvIndex) = (handles[0], handles[1])
        let attributes = try tpm.nvIndex(nvIndex).publicArea.attributes
        if attributes.contains(.policyDelete) { throw TPMError(.attributes, .handle(2)) }
        if authHandle == TPMRH.owner && attributes.contains(.platformCreate) { throw TPMError(.nvAuthorization) }
        tpm.permanent.nvIndices[nvIndex] = nil
        return Response()
    }
}
