import TPMTypes

/// TPM2_ClockRateAdjust (Part 3 §29.3): nudges the rate at which Clock advances, in coarse,
/// medium or fine steps, within ±5 % of nominal. The rate is volatile: a reset restores it.
///
/// Response codes: TPM_RC_VALUE (rateAdjust outside −3…3: parameter 1; handle 1 not owner
/// or platform).
extension ClockRateAdjust: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.adjustClockRate(input.rateAdjust)
        return Response()
    }
}
