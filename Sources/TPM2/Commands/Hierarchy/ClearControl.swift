import TPMTypes

/// TPM2_ClearControl (Part 3 §24.7): disables or re-enables TPM2_Clear. Lockout may only
/// disable it; platform may do both.
///
/// Response codes: TPM_RC_AUTH_FAIL (lockout asking to enable), TPM_RC_VALUE (handle 1).
struct ClearControl: TPMCommand {
    static let code = TPMCommandCode.clearControl
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var auth: TPMHandle
        var disable: Bool
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let auth = try HandleRules.oneOf(handles[0], [TPMRH.lockout, TPMRH.platform], culprit: .handle(1))
        let disable: UInt8 = try parameters.integerParameter(1)
        guard disable <= 1 else { throw TPMError(.value, .parameter(1)) }
        return Input(auth: auth, disable: disable == 1)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        if input.auth == TPMRH.lockout && !input.disable { throw TPMError(.authFail) }
        tpm.permanent.disableClear = input.disable
        return NoOutput()
    }
}
