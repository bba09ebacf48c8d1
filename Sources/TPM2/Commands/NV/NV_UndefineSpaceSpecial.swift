import TPMTypes

/// TPM2_NV_UndefineSpaceSpecial (Part 3 §31.5): removes a policyDelete index, which needs
/// both the index's policy (ADMIN role) and platform authorization.
///
/// Response codes: TPM_RC_ATTRIBUTES (policyDelete is CLEAR: handle 1).
struct NV_UndefineSpaceSpecial: TPMCommand {
    static let code = TPMCommandCode.nvUndefineSpaceSpecial
    static let handles: [AuthRole] = [.admin, .user]
    static let handleTypes = [HandleTypes.nvIndex, HandleTypes.permanent]
    static let writesNV = true

    struct Input { var index: TPMHandle }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let index = handles[0]
        _ = try HandleRules.oneOf(handles[1], [TPMRH.platform], culprit: .handle(2))
        return Input(index: index)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard try tpm.nvIndex(input.index).publicArea.attributes.contains(.policyDelete) else { throw TPMError(.attributes, .handle(1)) }
        tpm.permanent.nvIndices[input.index] = nil
        // The index authorized this command; its response HMAC is keyed with the Empty Buffer.
        tpm.dissociatedHandles.insert(input.index)
        return NoOutput()
    }
}
