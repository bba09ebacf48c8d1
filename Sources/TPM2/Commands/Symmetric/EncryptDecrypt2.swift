import TPMTypes

/// TPM2_EncryptDecrypt2 (Part 3 §15.3): TPM2_EncryptDecrypt with the data moved to the first
/// parameter, where a session may encrypt it.
///
/// Response codes: as EncryptDecrypt, numbered in this order: TPM_RC_SIZE (CBC or ECB data not
/// whole blocks: parameter 1; IV size: parameter 4), TPM_RC_VALUE (decrypt: parameter 2),
/// TPM_RC_MODE (parameter 3, or handle 1), TPM_RC_KEY and TPM_RC_ATTRIBUTES (handle 1).
extension EncryptDecrypt2: DescribedCommand {
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
