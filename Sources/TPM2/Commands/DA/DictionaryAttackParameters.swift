import TPMTypes

/// TPM2_DictionaryAttackParameters (Part 3 §25.3): sets maxTries, the self-healing interval
/// and the lockoutAuth recovery time, and starts counting afresh. A recovery time of 0
/// turns dictionary-attack protection off; a lockoutRecovery of 0 means a failed lockoutAuth
/// locks it until the next TPM2_Startup of any type (the reference's DAStartup).
extension DictionaryAttackParameters: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var da = tpm.permanent.dictionaryAttack
        da.maxTries = input.newMaxTries
        da.recoveryTime = input.newRecoveryTime
        da.lockoutRecovery = input.lockoutRecovery
        da.failedTries = 0
        da.lastDecrementClock = tpm.clock
        tpm.permanent.dictionaryAttack = da
        return Response()
    }
}
