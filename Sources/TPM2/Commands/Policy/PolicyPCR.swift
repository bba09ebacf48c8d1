import TPMTypes

/// TPM2_PolicyPCR (Part 3 §23.7): the policy holds only while the selected PCRs have the
/// values whose digest is `pcrDigest`. policyDigest_new = H(policyDigest_old ||
/// TPM_CC_PolicyPCR || pcrs || digest), `pcrs` filtered to allocated banks and implemented
/// PCRs and `digest` the current PCR digest (a trial session uses pcrDigest when given).
/// A policy session records the PCR update counter: any later PCR change makes the
/// session fail with TPM_RC_PCR_CHANGED here and at authorization.
///
/// Response codes: TPM_RC_VALUE (pcrDigest is not the current PCR digest: parameter 1;
/// handle 1 is not a policy session), TPM_RC_PCR_CHANGED (PCRs changed since an earlier
/// PolicyPCR in this session), unmarshalling codes of pcrs (parameter 2).
extension PolicyPCR: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        let selection = tpm.pcrs.filter(input.pcrs, keepingBanks: true)
        var digest = tpm.pcrs.digest(selection, hash: session.hash)
        if session.isTrial {
            if !input.pcrDigest.isEmpty { digest = input.pcrDigest }
        } else {
            if let counter = session.policy.pcrUpdateCounter, counter != tpm.pcrs.updateCounter {
                throw TPMError(.pcrChanged)
            }
            if !input.pcrDigest.isEmpty && input.pcrDigest != digest { throw TPMError(.value, parameter(\.pcrDigest)) }
        }
        session.extendPolicy(.policyPCR, selection.marshalled, digest)
        if !session.isTrial { session.policy.pcrUpdateCounter = tpm.pcrs.updateCounter }
        return Response()
    }
}
