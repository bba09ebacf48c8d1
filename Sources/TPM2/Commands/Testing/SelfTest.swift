import TPMTypes

/// The algorithms passed AlgorithmCheck when the engine opened, so the answer is at once
/// success, unless the simulator's TEST_FAILURE_MODE asked this test to fail
/// (CryptSelfTest: FAIL(FATAL_ERROR_FORCED)).
extension SelfTest: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        if tpm.failureForced {
            tpm.failure = .forced
            throw TPMError(.failure)
        }
        return Response()
    }
}
