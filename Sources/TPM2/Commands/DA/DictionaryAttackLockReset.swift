import TPMTypes

/// TPM2_DictionaryAttackLockReset (Part 3 §25.2): with lockoutAuth, forgets every counted
/// authorization failure so DA-protected entities can be used again at once.
struct DictionaryAttackLockReset: TPMCommand {
    static let code = TPMCommandCode.dictionaryAttackLockReset
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.lockout], culprit: .handle(1))
        return NoInput()
    }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.permanent.dictionaryAttack.failedTries = 0
        return NoOutput()
    }
}
