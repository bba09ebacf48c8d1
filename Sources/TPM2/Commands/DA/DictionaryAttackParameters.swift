import TPMTypes

/// TPM2_DictionaryAttackParameters (Part 3 §25.3): sets maxTries, the self-healing interval
/// and the lockoutAuth recovery time, and starts counting afresh. A recovery time of 0
/// turns dictionary-attack protection off; a lockoutRecovery of 0 means a failed lockoutAuth
/// locks it until the next TPM Reset.
struct DictionaryAttackParameters: TPMCommand {
    static let code = TPMCommandCode.dictionaryAttackParameters
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var maxTries: UInt32
        var recoveryTime: UInt32
        var lockoutRecovery: UInt32
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.lockout], culprit: .handle(1))
        return Input(maxTries: try parameters.integerParameter(1), recoveryTime: try parameters.integerParameter(2),
                     lockoutRecovery: try parameters.integerParameter(3))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var da = tpm.permanent.dictionaryAttack
        da.maxTries = input.maxTries
        da.recoveryTime = input.recoveryTime
        da.lockoutRecovery = input.lockoutRecovery
        da.failedTries = 0
        da.lastDecrementClock = tpm.clock
        tpm.permanent.dictionaryAttack = da
        return NoOutput()
    }
}
