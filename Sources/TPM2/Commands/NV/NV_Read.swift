import TPMTypes

/// TPM2_NV_Read (Part 3 §31.13): reads bytes of a written index (a counter reads as its
/// 8-byte big-endian value).
///
/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_UNINITIALIZED,
/// TPM_RC_VALUE (size above the NV buffer: parameter 1; offset beyond the index:
/// parameter 2), TPM_RC_NV_RANGE.
struct NV_Read: TPMCommand {
    static let code = TPMCommandCode.nvRead
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let firstResponseEncryptable = true

    struct Input {
        var target: NVAccessInput
        var size: UInt16
        var offset: UInt16
    }

    struct Output: TPMCommandOutput {
        var data: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(data) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(target: try NVAccessInput(handles: handles), size: try parameters.integerParameter(1),
              offset: try parameters.integerParameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let index = try tpm.nvIndex(input.target.index)
        try TPMEngineState.checkNVReadAccess(auth: input.target.auth, index: index)
        guard Int(input.size) <= tpm.config.profile.maxNVBufferSize else { throw TPMError(.value, .parameter(1)) }
        let dataSize = Int(index.publicArea.dataSize)
        let offset = Int(input.offset)
        guard offset <= dataSize else { throw TPMError(.value, .parameter(2)) }
        guard Int(input.size) <= dataSize - offset else { throw TPMError(.nvRange) }
        return Output(data: Array(index.data[offset..<offset + Int(input.size)]))
    }
}
