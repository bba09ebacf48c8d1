import TPMTypes

/// TPM2_NV_Write (Part 3 §31.7): writes bytes into an ordinary (or PIN) index.
///
/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (counter,
/// bits or extend index), TPM_RC_VALUE (offset beyond the index: parameter 2),
/// TPM_RC_NV_RANGE (data runs past the end, or a partial write of a writeAll index),
/// TPM_RC_SIZE (more than the TPM's NV buffer: parameter 1).
struct NV_Write: TPMCommand {
    static let code = TPMCommandCode.nvWrite
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var target: NVAccessInput
        var data: [UInt8]
        var offset: UInt16
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(target: try NVAccessInput(handles: handles), data: try parameters.sizedParameter(1, max: TPMLimits.maxNVBuffer),
              offset: try parameters.integerParameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        guard input.data.count <= tpm.config.profile.maxNVBufferSize else { throw TPMError(.size, .parameter(1)) }
        var index = try tpm.nvIndex(input.target.index)
        try TPMEngineState.checkNVWriteAccess(auth: input.target.auth, index: index)
        guard let type = index.publicArea.attributes.type, ![.counter, .bits, .extend].contains(type) else { throw TPMError(.attributes) }
        let size = Int(index.publicArea.dataSize)
        let offset = Int(input.offset)
        guard offset <= size else { throw TPMError(.value, .parameter(2)) }
        guard input.data.count <= size - offset else { throw TPMError(.nvRange) }
        if index.publicArea.attributes.contains(.writeAll) && input.data.count < size { throw TPMError(.nvRange) }
        index.data.replaceSubrange(offset..<offset + input.data.count, with: input.data)
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
