import TPMTypes

/// TPM2_HierarchyChangeAuth (Part 3 §24.8): a new authValue for owner, endorsement,
/// platform or lockout. The response is already authorized with the new value.
///
/// Response codes: TPM_RC_SIZE (longer than the TPM's largest digest: parameter 1),
/// TPM_RC_VALUE (not one of those hierarchies: handle 1).
struct HierarchyChangeAuth: TPMCommand {
    static let code = TPMCommandCode.hierarchyChangeAuth
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var hierarchy: TPMHandle
        var newAuth: [UInt8]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(hierarchy: try HandleRules.oneOf(handles[0], [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout], culprit: .handle(1)),
              newAuth: try parameters.sizedParameter(1, max: TPMLimits.maxDigest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let auth = trimmedAuth(input.newAuth)
                guard auth.count <= tpm.config.largestDigestSize else { throw TPMError(.size, .parameter(1)) }
        switch input.hierarchy {
        case TPMRH.owner: tpm.permanent.ownerAuth = auth
        case TPMRH.endorsement: tpm.permanent.endorsementAuth = auth
        case TPMRH.lockout: tpm.permanent.lockoutAuth = auth
        default: tpm.platformAuth = auth
        }
        return NoOutput()
    }
}
