import TPMTypes

/// TPM2_NV_UndefineSpace (Part 3 §31.4): removes an index, authorized by whoever created it.
///
/// Response codes: TPM_RC_ATTRIBUTES (policyDelete is SET: use NV_UndefineSpaceSpecial;
/// handle 2), TPM_RC_NV_AUTHORIZATION (owner deleting a platform index).
struct NV_UndefineSpace: TPMCommand {
    static let code = TPMCommandCode.nvUndefineSpace
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.permanent, HandleTypes.nvIndex]
    static let writesNV = true

    struct Input {
        var authHandle: TPMHandle
        var index: TPMHandle
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(authHandle: try HandleRules.provision(handles[0], culprit: .handle(1)),
              index: handles[1])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let attributes = try tpm.nvIndex(input.index).publicArea.attributes
        if attributes.contains(.policyDelete) { throw TPMError(.attributes, .handle(2)) }
        if input.authHandle == TPMRH.owner && attributes.contains(.platformCreate) { throw TPMError(.nvAuthorization) }
        tpm.permanent.nvIndices[input.index] = nil
        return NoOutput()
    }
}
