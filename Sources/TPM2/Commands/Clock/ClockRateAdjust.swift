import TPMTypes

/// TPM2_ClockRateAdjust (Part 3 §29.3): nudges the rate at which Clock advances, in coarse,
/// medium or fine steps, within ±5 % of nominal. The rate is volatile: a reset restores it.
///
/// Response codes: TPM_RC_VALUE (rateAdjust outside −3…3: parameter 1; handle 1 not owner
/// or platform).
struct ClockRateAdjust: TPMCommand {
    static let code = TPMCommandCode.clockRateAdjust
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]

    struct Input { var adjust: Int8 }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.provision(handles[0], culprit: .handle(1))
        let raw: UInt8 = try parameters.integerParameter(1)
        let adjust = Int8(bitPattern: raw)
        guard (-3...3).contains(adjust) else { throw TPMError(.value, .parameter(1)) }
        return Input(adjust: adjust)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.adjustClockRate(input.adjust)
        return NoOutput()
    }
}
