import TPMTypes

extension NV_GlobalWriteLock: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        for var index in tpm.permanent.nvIndices.values where index.publicArea.attributes.contains(.globalLock) {
            index.publicArea.attributes.insert(.writeLocked)
            tpm.updateNVIndex(index)
        }
        return Response()
    }
}
