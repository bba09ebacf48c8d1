import TPMTypes

/// TPM2_PolicyLocality (Part 3 §23.8): the authorized command must come from one of the
/// localities in `locality` (TPMA_LOCALITY: bits 0–4 select localities 0–4, a value of 32
/// or more names one extended locality). Successive calls narrow the set; the digest takes
/// the value as given: policyDigest_new = H(policyDigest_old || TPM_CC_PolicyLocality || locality).
///
/// Response codes: TPM_RC_RANGE (zero, an empty intersection with the localities already
/// allowed, mixing normal and extended localities, or a different extended locality:
/// parameter 1), TPM_RC_VALUE (handle 1 is not a policy session).
extension PolicyLocality: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        let new = input.locality
        let previous = session.policy.localities ?? 0
        let range = TPMError(.range, parameter(\.locality))
        guard new != 0 else { throw range }
        if previous != 0 && (previous < 32) != (new < 32) { throw range }
        let merged: UInt8
        if new < 32 {
            merged = (previous == 0 ? 0x1F : previous) & new
            guard merged != 0 else { throw range }
        } else {
            guard previous == 0 || previous == new else { throw range }
            merged = new
        }
        session.extendPolicy(.policyLocality, [new])
        session.policy.localities = merged
        return Response()
    }
}
