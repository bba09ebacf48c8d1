import TPMTypes

/// TPM2_PolicyPassword (Part 3 §23.18): the authorized entity's authValue must come as a
/// plaintext password in the session's HMAC field. It extends the digest exactly as
/// PolicyAuthValue does (TPM_CC_PolicyAuthValue), so either satisfies the same policy.
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyPassword: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        session.extendPolicy(.policyAuthValue)
        session.policy.isPasswordNeeded = true
        session.policy.isAuthValueNeeded = false
        return Response()
    }
}
