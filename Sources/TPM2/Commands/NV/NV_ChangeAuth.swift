import TPMTypes

/// Response codes: TPM_RC_SIZE (newAuth longer than the index's name digest: parameter 1).
extension NV_ChangeAuth: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[0])
        let auth = trimmedAuth(input.newAuth)
        guard let hash = index.publicArea.nameAlg.hashAlgorithm, auth.count <= hash.digestSize else {
            throw TPMError(.size, parameter(\.newAuth))
        }
        index.authValue = auth
        tpm.updateNVIndex(index)
        return Response()
    }
}
