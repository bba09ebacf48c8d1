import TPMTypes

/// TPM2_GetRandom (Part 3 §16.1): up to one digest of the largest hash per call, as the
/// reference implementation limits it (a larger request is trimmed, not refused).
struct GetRandom: TPMCommand {
    static let code = TPMCommandCode.getRandom
    static let firstResponseEncryptable = true

    struct Input { var bytesRequested: UInt16 }
    struct Output: TPMCommandOutput {
        var randomBytes: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(randomBytes) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(bytesRequested: try parameters.integerParameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        Output(randomBytes: tpm.random(min(Int(input.bytesRequested), TPMLimits.maxDigest)))
    }
}

/// TPM2_StirRandom (Part 3 §16.2): mixes caller data into the DRBG as additional input.
struct StirRandom: TPMCommand {
    static let code = TPMCommandCode.stirRandom
    static let firstParameterEncryptable = true

    struct Input { var inData: [UInt8] }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(inData: try parameters.sizedParameter(1, max: 128))   // TPM2B_SENSITIVE_DATA
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.stir(input.inData)
        return NoOutput()
    }
}
