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
extension EncryptDecrypt: DescribedCommand {
    /// Which parameter each of them is, for the response codes SymmetricEncryption gives.
    static let culprits = SymmetricEncryption.Culprits(
        decrypt: number(\.decrypt), mode: number(\.mode), ivIn: number(\.ivIn),
        inData: number(\.inData))

    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        try SymmetricEncryption.run(
            key: handles[0], decrypt: input.decrypt, mode: input.mode, ivIn: input.ivIn,
            inData: input.inData, culprits: culprits, tpm: tpm)
    }

    private static func number(_ path: PartialKeyPath<Parameters>) -> Int { Parameters.number(of: path) ?? 0 }
}
