import TPMTypes

/// TPM2_NV_ChangeAuth (Part 3 §31.15): a new auth value for an index; ADMIN role, so only
/// with the index's policy (which must allow this command).
///
/// Response codes: TPM_RC_SIZE (longer than the index's name digest: parameter 1).
struct NV_ChangeAuth: TPMCommand {
    static let code = TPMCommandCode.nvChangeAuth
    static let handles: [AuthRole] = [.admin]
    static let handleTypes = [HandleTypes.nvIndex]
    static let firstParameterEncryptable = true
    static let writesNV = true

    struct Input {
        var index: TPMHandle
        var newAuth: [UInt8]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(index: handles[0],
              newAuth: try parameters.sizedParameter(1, max: TPMLimits.maxDigest))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        var index = try tpm.nvIndex(input.index)
        let auth = trimmedAuth(input.newAuth)
        guard let hash = index.publicArea.nameAlg.hashAlgorithm, auth.count <= hash.digestSize else { throw TPMError(.size, .parameter(1)) }
        index.authValue = auth
        tpm.updateNVIndex(index)
        return NoOutput()
    }
}
