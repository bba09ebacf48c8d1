import TPMTypes

/// TPM2_PolicyGetDigest (Part 3 §23.19): the session's current policyDigest, the value a
/// trial session builds for an object's authPolicy.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyGetDigest: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        Response(policyDigest: try tpm.policySession(handles[0]).policyDigest)
    }
}
