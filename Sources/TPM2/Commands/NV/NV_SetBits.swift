import TPMTypes

/// TPM2_NV_SetBits (Part 3 §31.10): ORs bits into a bit-field index; bits once set stay set
/// until the index is undefined.
///
/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (not a
/// bits index: handle 2).
struct NV_SetBits: TPMCommand {
    static let code = TPMCommandCode.nvSetBits
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let writesNV = true

    struct Input {
        var target: NVAccessInput
        var bits: UInt64
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(target: try NVAccessInput(handles: handles), bits: try parameters.integerParameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var index = try tpm.nvIndex(input.target.index)
        try TPMEngineState.checkNVWriteAccess(auth: input.target.auth, index: index)
        guard index.publicArea.attributes.type == .bits else { throw TPMError(.attributes, .handle(2)) }
        let old = index.publicArea.attributes.contains(.written) ? index.data.bigEndianUInt64 : 0
        index.data = (old | input.bits).bigEndianBytes
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
