import TPMTypes

/// TPM2_SetAlgorithmSet (Part 3 §26.3): the platform records a vendor-defined algorithm-set
/// number. As in the reference implementation the value is kept in NV at once and reported as
/// TPM_PT_ALGORITHM_SET from then on; this TPM defines no sets, so the algorithms the profile
/// offers stay as they are (a set that changed PCR banks would need a TPM Reset to apply).
///
/// Response codes: TPM_RC_VALUE (authHandle not TPM_RH_PLATFORM: handle 1); the platform's
/// authorization failures come from the session checks (TPM_RC_BAD_AUTH, TPM_RC_AUTH_FAIL...).
extension SetAlgorithmSet: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.permanent.algorithmSet = input.algorithmSet
        return Response()
    }
}
