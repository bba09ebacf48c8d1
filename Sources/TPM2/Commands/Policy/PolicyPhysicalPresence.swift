import TPMTypes

/// TPM2_PolicyPhysicalPresence (Part 3 §23.12): the authorized command needs physical
/// presence asserted. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyPhysicalPresence).
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyPhysicalPresence: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        session.extendPolicy(.policyPhysicalPresence)
        session.policy.isPhysicalPresenceNeeded = true
        return Response()
    }
}
