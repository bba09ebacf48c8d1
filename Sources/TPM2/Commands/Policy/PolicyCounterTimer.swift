import TPMTypes

/// TPM2_PolicyCounterTimer (Part 3 §23.10): the policy holds only while TPMS_TIME_INFO
/// (Time, then Clock, resetCount, restartCount, safe) at `offset` compares to operandB as
/// `operation` says. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyCounterTimer ||
/// H(operandB || offset || operation)).
///
/// Response codes: TPM_RC_VALUE (offset past TPMS_TIME_INFO: parameter 2; operation unknown:
/// parameter 3; handle 1 is not a policy session), TPM_RC_RANGE (offset + size past it, even
/// in a trial session), TPM_RC_POLICY (the comparison fails).
struct PolicyCounterTimer: TPMCommand {
    static let code = TPMCommandCode.policyCounterTimer
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input {
        var session: TPMHandle
        var operandB: [UInt8]
        var offset: UInt16
        var operation: UInt16
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0], operandB: try parameters.sizedParameter(1, max: TPMLimits.maxDigest),
              offset: try parameters.integerParameter(2), operation: try PolicyGrant.operation(&parameters, 3))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var w = TPMWriter()
        w.write(tpm.time)
        w.write(tpm.clockInfo)
        let timeInfo = w.bytes
        let offset = Int(input.offset)
        guard offset <= timeInfo.count else { throw TPMError(.value, .parameter(2)) }
        guard offset + input.operandB.count <= timeInfo.count else { throw TPMError(.range) }
        let session = try tpm.policySession(input.session)
        if !session.isTrial {
            let operandA = Array(timeInfo[offset..<offset + input.operandB.count])
            guard PolicyGrant.holds(input.operation, operandA, input.operandB,
                                    twosComplement: tpm.config.twosComplementSignedComparison) else { throw TPMError(.policy) }
        }
        PolicyGrant.extendComparison(session, code: code, operandB: input.operandB, offset: input.offset, operation: input.operation)
        return NoOutput()
    }
}
