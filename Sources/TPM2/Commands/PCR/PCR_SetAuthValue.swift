import TPMTypes

/// The PCRs that may have their own authValue and authPolicy: 16–23 in the PC Client profile.
enum PCRAuthGroup {
    static func contains(_ pcr: Int, count: Int) -> Bool { pcr >= 16 && pcr < count }
}

/// TPM2_PCR_SetAuthValue (Part 3 §22.7): an authValue for a PCR of the auth group, which
/// PCR_Extend, PCR_Event and PCR_Reset then demand. State-clear data: kept by a Resume,
/// cleared by TPM Reset and Restart.
///
/// Response codes: TPM_RC_VALUE (PCR outside the group: handle 1), TPM_RC_SIZE (longer than
/// the TPM's largest digest: parameter 1).

extension PCR_SetAuthValue: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let pcr = Int(handles[0])
        guard PCRAuthGroup.contains(pcr, count: tpm.pcrs.count) else { throw TPMError(.value, .handle(1)) }
        let auth = trimmedAuth(input.auth)
        guard auth.count <= tpm.config.largestDigestSize else { throw TPMError(.size, parameter(\.auth)) }
        tpm.pcrs.authValues[pcr] = auth.isEmpty ? nil : auth
        return Response()
    }
}
