/// Buffer bounds of the TPM2B types (Part 2 §10, with this implementation's Part 2 Annex
/// constants: 4096-bit RSA, P-521, SHA-512).
public enum TPMLimits {
    public static let maxDigest = 64  // TPM2B_DIGEST, _NONCE, _AUTH
    public static let maxData = 66  // TPM2B_DATA: sizeof(TPMT_HA)
    public static let maxName = 66  // TPM2B_NAME: sizeof(TPMU_NAME)
    public static let maxSensitiveData = 128  // TPM2B_SENSITIVE_DATA (MAX_SYM_DATA)
    public static let maxSymKey = 32  // TPM2B_SYM_KEY
    public static let maxLabel = 32  // TPM2B_LABEL (LABEL_MAX_BUFFER)
    public static let maxRSAKeyBytes = 512  // TPM2B_PUBLIC_KEY_RSA
    public static let maxRSAPrimeBytes = 256  // TPM2B_PRIVATE_KEY_RSA
    public static let maxECCKeyBytes = 80  // TPM2B_ECC_PARAMETER: BN P-638, the largest curve
    public static let maxBuffer = 1024  // TPM2B_MAX_BUFFER (MAX_DIGEST_BUFFER)
    public static let maxTimeout = 8  // TPM2B_TIMEOUT: sizeof(UINT64)
    public static let maxAttest = 2400  // TPM2B_ATTEST: sizeof(TPMS_ATTEST), NV_Certify of a whole NV buffer
    public static let maxNVBuffer = 2048  // TPM2B_MAX_NV_BUFFER
    public static let maxEvent = 1024  // TPM2B_EVENT
    public static let maxEncryptedSecret = 512  // TPM2B_ENCRYPTED_SECRET
    public static let maxPrivate = 2048  // TPM2B_PRIVATE
    public static let maxContextData = 4096  // TPM2B_CONTEXT_DATA
    public static let maxPublic = 1024  // TPM2B_PUBLIC body
    public static let maxCommandSize = 4096
    public static let maxSessions = 3  // MAX_SESSION_NUM
    public static let pcrCount = 24  // IMPLEMENTATION_PCR
    public static let pcrSelectMin = 3  // PCR_SELECT_MIN
    public static let pcrSelectMax = 4  // PCR_SELECT_MAX for the most PCRs a profile may have (32)
    public static let maxCapabilityData = 1024 - 8  // what fits a MAX_CAP_BUFFER response
}
