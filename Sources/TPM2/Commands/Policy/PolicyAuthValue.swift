import TPMTypes

/// TPM2_PolicyAuthValue (Part 3 §23.17): the authorized entity's authValue must key the
/// session's HMAC. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyAuthValue).
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyAuthValue: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        session.extendPolicy(.policyAuthValue)
        session.policy.isAuthValueNeeded = true
        session.policy.isPasswordNeeded = false
        return Response()
    }
}
