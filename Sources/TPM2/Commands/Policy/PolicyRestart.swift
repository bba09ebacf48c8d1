import TPMTypes

/// TPM2_PolicyRestart (Part 3 §11.2): the session's policyDigest back to zero and every
/// recorded assertion cleared, so a failed attempt can start over without a new session.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyRestart: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        try tpm.policySession(handles[0]).restartPolicy()
        return Response()
    }
}
