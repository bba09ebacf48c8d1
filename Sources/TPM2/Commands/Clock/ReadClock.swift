import TPMTypes

/// TPM2_ReadClock (Part 3 §29.1): Time since the last TPM Reset and the clock information
/// (Clock, resetCount, restartCount, safe).
struct ReadClock: TPMCommand {
    static let code = TPMCommandCode.readClock

    struct Output: TPMCommandOutput {
        var time: UInt64
        var clockInfo: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.write(time)
            writer.write(bytes: clockInfo)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput { NoInput() }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> Output {
        Output(time: tpm.time, clockInfo: tpm.clockInfo())
    }
}
