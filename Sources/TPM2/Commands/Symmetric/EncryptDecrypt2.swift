import TPMTypes

/// TPM2_EncryptDecrypt2 (Part 3 §15.3): TPM2_EncryptDecrypt with the data moved to the first
/// parameter, where a session may encrypt it.
///
/// Response codes: as EncryptDecrypt, numbered in this order: TPM_RC_SIZE (CBC or ECB data not
/// whole blocks: parameter 1; IV size: parameter 4), TPM_RC_VALUE (decrypt: parameter 2),
/// TPM_RC_MODE (parameter 3, or handle 1), TPM_RC_KEY and TPM_RC_ATTRIBUTES (handle 1).
struct EncryptDecrypt2: TPMCommand {
    static let code = TPMCommandCode.encryptDecrypt2
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var inData: [UInt8]
        var decrypt: Bool
        var mode: TPMAlgorithm
        var ivIn: [UInt8]
    }

    static let culprits = SymmetricEncryption.Culprits(decrypt: 2, mode: 3, ivIn: 4, inData: 1)

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let inData = try parameters.sizedParameter(culprits.inData, max: TPMLimits.maxBuffer)
        let decrypt = try SymmetricEncryption.parseYesNo(culprits.decrypt, from: &parameters)
        let mode: TPMAlgorithm = try parameters.parameter(culprits.mode)
        let ivIn = try parameters.sizedParameter(culprits.ivIn, max: SymmetricEncryption.maxIVSize)
        return Input(key: handles[0], inData: inData, decrypt: decrypt, mode: mode, ivIn: ivIn)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> SymmetricEncryption.Output {
        try SymmetricEncryption.run(key: input.key, decrypt: input.decrypt, mode: input.mode, ivIn: input.ivIn,
                                    inData: input.inData, culprits: culprits, tpm: tpm)
    }
}
