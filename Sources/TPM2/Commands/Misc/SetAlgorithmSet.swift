import TPMTypes

/// TPM2_SetAlgorithmSet (Part 3 §26.3): the platform records a vendor-defined algorithm-set
/// number. As in the reference implementation the value is kept in NV at once and reported as
/// TPM_PT_ALGORITHM_SET from then on; this TPM defines no sets, so the algorithms the profile
/// offers stay as they are (a set that changed PCR banks would need a TPM Reset to apply).
///
/// Response codes: TPM_RC_VALUE (authHandle not TPM_RH_PLATFORM: handle 1); the platform's
/// authorization failures come from the session checks (TPM_RC_BAD_AUTH, TPM_RC_AUTH_FAIL...).
struct SetAlgorithmSet: TPMCommand {
    static let code = TPMCommandCode.setAlgorithmSet
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var algorithmSet: UInt32
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        return Input(algorithmSet: try TPMError.attributing(.parameter(1)) { () throws(TPMError) in try parameters.read() })
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.permanent.algorithmSet = input.algorithmSet
        return NoOutput()
    }
}
