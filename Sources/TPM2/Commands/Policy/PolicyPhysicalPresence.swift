import TPMTypes

/// TPM2_PolicyPhysicalPresence (Part 3 §23.15): the authorized command needs physical
/// presence asserted. policyDigest_new = H(policyDigest_old || TPM_CC_PolicyPhysicalPresence).
///
/// Response codes: TPM_RC_VALUE (handle 1 is not a policy session).
struct PolicyPhysicalPresence: TPMCommand {
    static let code = TPMCommandCode.policyPhysicalPresence
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(session: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        session.extendPolicy(.policyPhysicalPresence)
        session.policy.isPhysicalPresenceNeeded = true
        return NoOutput()
    }
}
