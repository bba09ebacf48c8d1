import TPMTypes

extension ReadClock: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        Response(time: tpm.time, clockInfo: tpm.clockInfo)
    }
}
