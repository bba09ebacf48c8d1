import TPMTypes

/// TPM2_HierarchyControl (Part 3 §24.5): enables or disables a hierarchy. Platform may do
/// anything; owner and endorsement may only disable themselves (asking to enable an enabled
/// one changes nothing and succeeds). Disabling flushes the
/// hierarchy's loaded objects; its persistent objects and NV indices become inaccessible
/// until it is enabled again (Startup(CLEAR) re-enables owner, endorsement and platform).
///
/// Response codes: TPM_RC_AUTH_TYPE (the authorization may not make this change),
/// TPM_RC_VALUE (handle 1 or parameter 1 not a hierarchy; parameter 2 not YES/NO).
extension HierarchyControl: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        switch input.enable {
        case TPMRH.platform, TPMRH.platformNV:
            guard handles[0] == TPMRH.platform else { throw TPMError(.authType) }
        case TPMRH.owner:
            // Owner may disable itself, or leave itself enabled; only platform re-enables it.
            guard
                handles[0] == TPMRH.platform
                    || (handles[0] == TPMRH.owner && (!input.state || tpm.permanent.ownerEnabled))
            else {
                throw TPMError(.authType)
            }
        default:
            guard
                handles[0] == TPMRH.platform
                    || (handles[0] == TPMRH.endorsement && (!input.state || tpm.permanent.endorsementEnabled))
            else {
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
        return Response()
    }
}
