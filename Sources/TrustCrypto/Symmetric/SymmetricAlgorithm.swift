/// Block ciphers a TPM names in TPMT_SYM_DEF (Part 2): TPM_ALG_AES and TPM_ALG_SM4.
public enum SymmetricAlgorithm: Sendable, Hashable {
    case aes, sm4

    /// Block length in bytes; also the IV length of every chaining mode.
    public var blockSize: Int { 16 }

    /// Key lengths in bytes this algorithm accepts (AES-128/192/256; SM4-128).
    var keySizes: [Int] {
        switch self {
        case .aes: [16, 24, 32]
        case .sm4: [16]
        }
    }
}

/// Chaining modes a TPM names in TPMI_ALG_SYM_MODE (Part 2): CFB, CTR, OFB, CBC and ECB.
public enum SymmetricMode: Sendable, Hashable {
    case cfb, ctr, ofb, cbc, ecb

    /// CBC and ECB are block modes: the TPM refuses data that is not whole blocks (TPM_RC_SIZE).
    var needsWholeBlocks: Bool { self == .cbc || self == .ecb }
}
