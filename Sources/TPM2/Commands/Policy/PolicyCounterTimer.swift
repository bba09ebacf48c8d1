import TPMTypes

/// TPM2_PolicyCounterTimer (Part 3 §23.10): the policy holds only while TPMS_TIME_INFO
/// (Time, then Clock, resetCount, restartCount, safe) at `offset` compares to operandB as
/// `operation` says. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCounterTimer ||
/// H(operandB || offset || operation)).
///
/// Response codes: TPM_RC_VALUE (offset past TPMS_TIME_INFO: parameter 2; operation unknown:
/// parameter 3; handle 1 is not a policy session), TPM_RC_RANGE (offset + size past it, even
/// in a trial session), TPM_RC_POLICY (the comparison fails).
extension PolicyCounterTimer: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var w = TPMWriter()
        w.write(tpm.time)
        w.write(tpm.clockInfo)
        let timeInfo = w.bytes
        let offset = Int(input.offset)
        guard offset <= timeInfo.count else { throw TPMError(.value, parameter(\.offset)) }
        guard offset + input.operandB.count <= timeInfo.count else { throw TPMError(.range) }
        let session = try tpm.policySession(handles[0])
        if !session.isTrial {
            let operandA = Array(timeInfo[offset..<offset + input.operandB.count])
            guard
                PolicyGrant.holds(
                    input.operation, operandA, input.operandB,
                    twosComplement: tpm.config.twosComplementSignedComparison)
            else { throw TPMError(.policy) }
        }
        PolicyGrant.extendComparison(
            session, code: code, operandB: input.operandB, offset: input.offset, operation: input.operation)
        return Response()
    }
}
