import TPMTypes

/// TPM2_DictionaryAttackLockReset (Part 3 §25.2): with lockoutAuth, forgets every counted
/// authorization failure so DA-protected entities can be used again at once.
extension DictionaryAttackLockReset: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.permanent.dictionaryAttack.failedTries = 0
        return Response()
    }
}
