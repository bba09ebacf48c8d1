import TPMTypes

extension StirRandom: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.stir(input.inData)
        return Response()
    }
}
