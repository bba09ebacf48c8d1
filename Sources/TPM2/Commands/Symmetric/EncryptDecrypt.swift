import TPMTypes

/// TPM2_EncryptDecrypt (Part 3 §15.2): encrypts or decrypts a buffer with a loaded symmetric
/// key and returns the chaining value to continue with. Its first parameter is not a TPM2B,
/// so a session cannot encrypt the data (EncryptDecrypt2 exists for that).
///
/// Response codes: TPM_RC_KEY (not a symmetric cipher key: handle 1), TPM_RC_ATTRIBUTES
/// (restricted, or lacking decrypt to decrypt / sign to encrypt: handle 1), TPM_RC_MODE (the
/// key's mode is not an encryption mode: handle 1; mode not implemented, differs from the
/// key's, or NULL with a key that names none: parameter 2), TPM_RC_VALUE (decrypt neither YES
/// nor NO: parameter 1), TPM_RC_SIZE (IV not one block, or not empty for ECB: parameter 3;
/// CBC or ECB data not whole blocks: parameter 4).
struct EncryptDecrypt: TPMCommand {
    static let code = TPMCommandCode.encryptDecrypt
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var decrypt: Bool
        var mode: TPMAlgorithm
        var ivIn: [UInt8]
        var inData: [UInt8]
    }

    static let culprits = SymmetricEncryption.Culprits(decrypt: 1, mode: 2, ivIn: 3, inData: 4)

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let decrypt = try SymmetricEncryption.parseYesNo(culprits.decrypt, from: &parameters)
        let mode: TPMAlgorithm = try parameters.parameter(culprits.mode)
        let ivIn = try parameters.sizedParameter(culprits.ivIn, max: SymmetricEncryption.maxIVSize)
        let inData = try parameters.sizedParameter(culprits.inData, max: TPMLimits.maxBuffer)
        return Input(key: handles[0], decrypt: decrypt, mode: mode, ivIn: ivIn, inData: inData)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> SymmetricEncryption.Output {
        try SymmetricEncryption.run(key: input.key, decrypt: input.decrypt, mode: input.mode, ivIn: input.ivIn,
                                    inData: input.inData, culprits: culprits, tpm: tpm)
    }
}
