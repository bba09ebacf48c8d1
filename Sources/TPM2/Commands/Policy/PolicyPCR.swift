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
struct PolicyPCR: TPMCommand {
    static let code = TPMCommandCode.policyPCR
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]
    static let firstParameterEncryptable = true

    struct Input { var session: TPMHandle; var pcrDigest: [UInt8]; var pcrs: TPMPCRSelectionList }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let digest = try parameters.sizedParameter(1, max: TPMLimits.maxDigest)
        return Input(session: handles[0], pcrDigest: digest, pcrs: try parameters.parameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        let selection = tpm.pcrs.filter(input.pcrs, keepingBanks: true)
        var digest = tpm.pcrs.digest(selection, hash: session.hash)
        if session.isTrial {
            if !input.pcrDigest.isEmpty { digest = input.pcrDigest }
        } else {
            if let counter = session.policy.pcrUpdateCounter, counter != tpm.pcrs.updateCounter { throw TPMError(.pcrChanged) }
            if !input.pcrDigest.isEmpty && input.pcrDigest != digest { throw TPMError(.value, .parameter(1)) }
        }
        session.extendPolicy(.policyPCR, selection.marshalled, digest)
        if !session.isTrial { session.policy.pcrUpdateCounter = tpm.pcrs.updateCounter }
        return NoOutput()
    }
}
