import TrustCrypto

/// One shape for the scheme unions (TPMT_RSA_SCHEME, TPMT_ECC_SCHEME, TPMT_SIG_SCHEME,
/// TPMT_KEYEDHASH_SCHEME, TPMT_KDF_SCHEME, TPMT_ASYM_SCHEME): an algorithm, then its details
/// (Part 2 §11.2): nothing for TPM_ALG_NULL and the unhashed RSAES, a hash for every other
/// scheme, plus a count for ECDAA and a KDF for XOR.
public struct TPMScheme: Equatable, Sendable, TPMCodable {
    public var algorithm: TPMAlgorithm
    public var hash: TPMAlgorithm
    /// ECDAA's commit count, or XOR's key-derivation function.
    public var extra: UInt16

    /// A scheme from its selector and details.
    /// - Parameters:
    ///   - algorithm: the scheme's selector (TPM_ALG_RSASSA, TPM_ALG_ECDAA, TPM_ALG_XOR, TPM_ALG_NULL...).
    ///   - hash: the scheme's hash; TPM_ALG_NULL by default, as for the schemes that have none.
    ///   - extra: ECDAA's commit count, or the TPM_ALG_ID of XOR's KDF; 0 by default.
    public init(_ algorithm: TPMAlgorithm, hash: TPMAlgorithm = .null, extra: UInt16 = 0) {
        self.algorithm = algorithm
        self.hash = hash
        self.extra = extra
    }

    public static let null = TPMScheme(.null)

    public var hasHash: Bool { algorithm != .null && algorithm != .rsaes }

    /// Which scheme union is being read (Part 2 §11.2): each admits its own selectors and
    /// answers its own code for any other, before reading details it could not size.
    public enum Kind: Sendable {
        /// TPMI_ALG_KEYEDHASH_SCHEME+: HMAC, XOR (TPM_RC_VALUE).
        case keyedHash
        /// TPMI_ALG_SIG_SCHEME+ (TPM_RC_SCHEME).
        case signature
        /// TPMI_ALG_RSA_SCHEME+ (TPM_RC_VALUE).
        case rsa
        /// TPMI_ALG_RSA_DECRYPT+: RSAES, OAEP (TPM_RC_VALUE), for TPM2_RSA_Encrypt and _Decrypt.
        case rsaDecrypt
        /// TPMI_ALG_ECC_SCHEME+ (TPM_RC_SCHEME).
        case ecc
        /// TPMI_ALG_KDF+ (TPM_RC_KDF).
        case kdf
        /// Any scheme selector, for a reader that checks the family itself (TPM_RC_SCHEME).
        case any

        public var allowed: Set<TPMAlgorithm> {
            switch self {
            case .keyedHash: return Self.keyedHashSchemes
            case .signature: return Self.signatureSchemes
            case .rsa: return Self.rsaSchemes
            case .rsaDecrypt: return Self.rsaDecryptSchemes
            case .ecc: return Self.eccSchemes
            case .kdf: return Self.kdfs
            case .any: return Self.anyScheme
            }
        }

        public var selectorError: TPMResponseCode {
            switch self {
            case .keyedHash, .rsa, .rsaDecrypt: return .value
            case .signature, .ecc, .any: return .scheme
            case .kdf: return .kdf
            }
        }

        public static let kdfs: Set<TPMAlgorithm> = [.mgf1, .kdf1_sp800_56a, .kdf2, .kdf1_sp800_108, .null]
        private static let keyedHashSchemes: Set<TPMAlgorithm> = [.hmac, .xor, .null]
        private static let signatureSchemes: Set<TPMAlgorithm> = [
            .rsassa, .rsapss, .ecdsa, .ecdaa, .sm2, .ecschnorr, .hmac, .null,
        ]
        private static let rsaSchemes: Set<TPMAlgorithm> = [.rsassa, .rsapss, .rsaes, .oaep, .null]
        private static let rsaDecryptSchemes: Set<TPMAlgorithm> = [.rsaes, .oaep, .null]
        private static let eccSchemes: Set<TPMAlgorithm> = [.ecdsa, .ecdaa, .sm2, .ecschnorr, .ecdh, .ecmqv, .null]
        private static let anyScheme = keyedHashSchemes.union(signatureSchemes).union(rsaSchemes).union(eccSchemes)
            .union(kdfs)
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        try self.init(from: &reader, kind: .any)
    }

    /// Details per Part 2 §11.2.1: every hash is a TPMI_ALG_HASH without NULL (TPM_RC_HASH),
    /// XOR's KDF a TPMI_ALG_KDF+ (TPM_RC_KDF).
    public init(from reader: inout TPMReader, kind: Kind) throws(TPMError) {
        algorithm = try TPMAlgorithm(from: &reader)
        guard kind.allowed.contains(algorithm) else { throw TPMError(kind.selectorError) }
        hash = .null
        extra = 0
        guard hasHash else { return }
        hash = try TPMAlgorithm(from: &reader)
        guard hash.hashAlgorithm != nil else { throw TPMError(.hash) }
        if algorithm == .ecdaa || algorithm == .xor { extra = try reader.read() }
        if algorithm == .xor && !Kind.kdfs.contains(TPMAlgorithm(rawValue: extra)) { throw TPMError(.kdf) }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(algorithm)
        guard hasHash else { return }
        writer.write(hash)
        if algorithm == .ecdaa || algorithm == .xor { writer.write(extra) }
    }
}

/// TPMT_SYM_DEF and TPMT_SYM_DEF_OBJECT (Part 2 §11.1.6/7): algorithm, key bits (the hash for
/// XOR) and mode (absent for XOR).
public struct TPMSymmetricDefinition: Equatable, Sendable, TPMCodable {
    public var algorithm: TPMAlgorithm
    public var keyBits: UInt16
    public var mode: TPMAlgorithm

    /// A symmetric definition from its fields.
    /// - Parameters:
    ///   - algorithm: the block cipher (AES, SM4, Camellia, TDES), TPM_ALG_XOR or TPM_ALG_NULL.
    ///   - keyBits: the key size in bits, or for XOR the TPM_ALG_ID of its hash; 0 by default.
    ///   - mode: the block mode (TPMI_ALG_SYM_MODE); TPM_ALG_NULL by default, and for XOR.
    public init(_ algorithm: TPMAlgorithm, keyBits: UInt16 = 0, mode: TPMAlgorithm = .null) {
        self.algorithm = algorithm
        self.keyBits = keyBits
        self.mode = mode
    }

    public static let null = TPMSymmetricDefinition(.null)

    /// TPMI_ALG_SYM+ (TPM_RC_SYMMETRIC), then the key size (TPMI_AES_KEY_BITS, TPMI_SM4_KEY_BITS,
    /// TPMI_CAMELLIA_KEY_BITS and TPMI_TDES_KEY_BITS: TPM_RC_VALUE; XOR's TPMI_ALG_HASH: TPM_RC_HASH) and a
    /// TPMI_ALG_SYM_MODE+ (TPM_RC_MODE), as Part 2 §11.1 defines them.
    public init(from reader: inout TPMReader) throws(TPMError) {
        algorithm = try TPMAlgorithm(from: &reader)
        keyBits = 0
        mode = .null
        switch algorithm {
        case .null:
            return
        case .xor:
            keyBits = try reader.read()
            guard xorHash.hashAlgorithm != nil else { throw TPMError(.hash) }
        default:
            guard let cipher = algorithm.symmetricAlgorithm else { throw TPMError(.symmetric) }
            keyBits = try reader.read()
            guard Self.keySizes(cipher).contains(keyBits) else { throw TPMError(.value) }
            mode = try TPMAlgorithm(from: &reader)
            // TPMI_ALG_SYM_MODE: the block modes and, for a MAC key, CMAC (1.59).
            guard mode == .null || mode == .cmac || mode.symmetricMode != nil else { throw TPMError(.mode) }
        }
    }

    /// The key sizes each implemented block cipher takes.
    /// - Parameter cipher: the block cipher.
    /// - Returns: the key sizes it takes, in bits.
    public static func keySizes(_ cipher: SymmetricAlgorithm) -> [UInt16] {
        switch cipher {
        case .aes, .camellia: return [128, 192, 256]
        case .sm4: return [128]
        case .tdes: return [128, 192]
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(algorithm)
        guard algorithm != .null else { return }
        writer.write(keyBits)
        if algorithm != .xor { writer.write(mode) }
    }

    /// For XOR the key-bits field carries the hash algorithm.
    public var xorHash: TPMAlgorithm { TPMAlgorithm(rawValue: keyBits) }
}
