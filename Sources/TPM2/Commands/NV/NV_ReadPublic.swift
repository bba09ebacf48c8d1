import TPMTypes

extension NV_ReadPublic: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let publicArea = try tpm.nvIndex(handles[0]).publicArea
        return Response(nvPublic: publicArea, nvName: publicArea.name)
    }
}
