import TPMTypes

/// TPM2_ClearControl (Part 3 §24.7): disables or re-enables TPM2_Clear. Lockout may only
/// disable it; platform may do both.
///
/// Response codes: TPM_RC_AUTH_FAIL (lockout asking to enable), TPM_RC_VALUE (handle 1).
extension ClearControl: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        if handles[0] == TPMRH.lockout && !input.disable { throw TPMError(.authFail) }
        tpm.permanent.disableClear = input.disable
        return Response()
    }
}
