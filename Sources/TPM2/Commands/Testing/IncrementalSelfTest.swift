import TPMTypes

/// Every implemented algorithm is ready, so nothing is left to test.
///
/// Response codes: TPM_RC_VALUE (an algorithm this TPM does not implement: parameter 1).
extension IncrementalSelfTest: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        for alg in input.toTest.algorithms where !tpm.config.supports(alg) {
            throw TPMError(.value, parameter(\.toTest))
        }
        return Response(toDoList: [])
    }
}
