import TPMTypes

/// TPM2_SelfTest (Part 3 §10.2). The algorithms are OpenSSL's and were checked when the
/// engine opened (AlgorithmCheck), so a full or partial test completes at once.
///
/// Response codes: none beyond the common ones.
struct SelfTest: TPMCommand {
    static let code = TPMCommandCode.selfTest

    struct Input { var fullTest: Bool }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let raw: UInt8 = try parameters.integerParameter(1)
        guard raw <= 1 else { throw TPMError(.value, .parameter(1)) }   // TPMI_YES_NO
        return Input(fullTest: raw == 1)
    }

    /// The algorithms passed AlgorithmCheck when the engine opened, so the answer is at once
    /// success, unless the simulator's TEST_FAILURE_MODE asked this test to fail
    /// (CryptSelfTest: FAIL(FATAL_ERROR_FORCED)).
    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        if tpm.failureForced {
            tpm.failure = .forced
            throw TPMError(.failure)
        }
        return NoOutput()
    }
}

/// TPM2_IncrementalSelfTest (Part 3 §10.3): tests the listed algorithms and returns those
/// still untested: none, since every implemented algorithm is ready.
///
/// Response codes: TPM_RC_VALUE (an algorithm this TPM does not implement: parameter 1).
struct IncrementalSelfTest: TPMCommand {
    static let code = TPMCommandCode.incrementalSelfTest

    struct Input { var toTest: [TPMAlgorithm] }
    struct Output: TPMCommandOutput {
        var toDoList: [TPMAlgorithm]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.write(UInt32(toDoList.count))
            for alg in toDoList { writer.write(alg) }
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let count: UInt32 = try parameters.integerParameter(1)
        guard count <= 128 else { throw TPMError(.size, .parameter(1)) }
        var algs: [TPMAlgorithm] = []
        for _ in 0..<count { algs.append(try parameters.parameter(1)) }
        return Input(toTest: algs)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        for alg in input.toTest where !tpm.config.supports(alg) { throw TPMError(.value, .parameter(1)) }
        return Output(toDoList: [])
    }
}

/// TPM2_GetTestResult (Part 3 §10.4): manufacturer data and the self-test result. An emulated
/// TPM's self-test cannot fail, so the result is TPM_RC_SUCCESS whether or not SelfTest ran,
/// as the reference implementation and libtpms answer (tpm2-tools reads anything else as an
/// error).
struct GetTestResult: TPMCommand {
    static let code = TPMCommandCode.getTestResult

    struct Output: TPMCommandOutput {
        var outData: [UInt8]
        var testResult: UInt32
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(outData)
            writer.write(testResult)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput { NoInput() }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> Output {
        Output(outData: [], testResult: TPMResponseCode.success.rawValue)
    }
}
