/// Block ciphers a TPM names in TPMT_SYM_DEF (Part 2): TPM_ALG_AES, TPM_ALG_SM4, TPM_ALG_CAMELLIA
/// and TPM_ALG_TDES.
public enum SymmetricAlgorithm: Sendable, Hashable, CaseIterable {
    case aes, sm4, camellia, tdes

    /// Block length in bytes; also the IV length of every chaining mode (TDES: 8, the others 16).
    public var blockSize: Int { self == .tdes ? 8 : 16 }

    /// Key lengths in bytes this algorithm accepts (AES and Camellia 128/192/256; SM4-128;
    /// TDES 128 (two-key, K3 = K1) and 192 (three-key), parity bits included as Part 2 counts them).
    var keySizes: [Int] {
        switch self {
        case .aes, .camellia: [16, 24, 32]
        case .sm4: [16]
        case .tdes: [16, 24]
        }
    }
}

/// Chaining modes a TPM names in TPMI_ALG_SYM_MODE (Part 2): CFB, CTR, OFB, CBC and ECB.
public enum SymmetricMode: Sendable, Hashable, CaseIterable {
    case cfb, ctr, ofb, cbc, ecb

    /// CBC and ECB are block modes: the TPM refuses data that is not whole blocks (TPM_RC_SIZE).
    var needsWholeBlocks: Bool { self == .cbc || self == .ecb }
}
