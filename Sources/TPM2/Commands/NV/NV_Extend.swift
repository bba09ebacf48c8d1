import TPMTypes
import TrustCrypto

/// TPM2_NV_Extend (Part 3 §31.9): value = H_nameAlg(value || data), like a PCR; an unwritten
/// index starts from zeros.
///
/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (not an
/// extend index).
struct NV_Extend: TPMCommand {
    static let code = TPMCommandCode.nvExtend
    static let handles: [AuthRole] = [.user, .none]
    static let handleTypes = [HandleTypes.nvAuth, HandleTypes.nvIndex]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var target: NVAccessInput
        var data: [UInt8]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(target: try NVAccessInput(handles: handles), data: try parameters.sizedParameter(1, max: TPMLimits.maxNVBuffer))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var index = try tpm.nvIndex(input.target.index)
        try TPMEngineState.checkNVWriteAccess(auth: input.target.auth, index: index)
        guard index.publicArea.attributes.type == .extend else { throw TPMError(.attributes) }
        guard let hash = index.publicArea.nameAlg.hashAlgorithm else { throw TPMError.failure }
        let old = index.publicArea.attributes.contains(.written) ? index.data : [UInt8](repeating: 0, count: hash.digestSize)
        index.data = EngineCrypto.digest(hash, old + input.data)
        index.publicArea.attributes.insert(.written)
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
