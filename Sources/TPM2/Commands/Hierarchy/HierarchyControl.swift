import TPMTypes

/// TPM2_HierarchyControl (Part 3 §24.5): enables or disables a hierarchy. Platform may do
/// anything; owner and endorsement may only disable themselves (asking to enable an enabled
/// one changes nothing and succeeds). Disabling flushes the
/// hierarchy's loaded objects; its persistent objects and NV indices become inaccessible
/// until it is enabled again (Startup(CLEAR) re-enables owner, endorsement and platform).
///
/// Response codes: TPM_RC_AUTH_TYPE (the authorization may not make this change),
/// TPM_RC_VALUE (handle 1 or parameter 1 not a hierarchy; parameter 2 not YES/NO).
struct HierarchyControl: TPMCommand {
    static let code = TPMCommandCode.hierarchyControl
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var auth: TPMHandle
        var enable: TPMHandle
        var state: Bool
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let auth = try HandleRules.oneOf(handles[0], [TPMRH.owner, TPMRH.endorsement, TPMRH.platform], culprit: .handle(1))
        let enableHandle: TPMHandle = try parameters.integerParameter(1)
        let enable = try HandleRules.oneOf(enableHandle, [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.platformNV],
                                           culprit: .parameter(1))
        let state: UInt8 = try parameters.integerParameter(2)
        guard state <= 1 else { throw TPMError(.value, .parameter(2)) }
        return Input(auth: auth, enable: enable, state: state == 1)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        switch input.enable {
        case TPMRH.platform, TPMRH.platformNV:
            guard input.auth == TPMRH.platform else { throw TPMError(.authType) }
        case TPMRH.owner:
            // Owner may disable itself, or leave itself enabled; only platform re-enables it.
            guard input.auth == TPMRH.platform || (input.auth == TPMRH.owner && (!input.state || tpm.permanent.ownerEnabled)) else {
                throw TPMError(.authType)
            }
        default:
            guard input.auth == TPMRH.platform
                    || (input.auth == TPMRH.endorsement && (!input.state || tpm.permanent.endorsementEnabled)) else {
                throw TPMError(.authType)
            }
        }
        switch input.enable {
        case TPMRH.owner: tpm.permanent.ownerEnabled = input.state
        case TPMRH.endorsement: tpm.permanent.endorsementEnabled = input.state
        case TPMRH.platform: tpm.platformEnabled = input.state
        default: tpm.permanent.platformNVEnabled = input.state
        }
        if !input.state && input.enable != TPMRH.platformNV { tpm.flushTransientHierarchy(input.enable) }
        return NoOutput()
    }
}
