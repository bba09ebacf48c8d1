import TrustCrypto

/// TPM_ALG_ID (Part 2 §6.3, TCG Algorithm Registry).
public struct TPMAlgorithm: RawRepresentable, Hashable, Sendable, TPMCodable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let error = Self(rawValue: 0x0000)
    public static let rsa = Self(rawValue: 0x0001)
    public static let tdes = Self(rawValue: 0x0003)
    public static let sha1 = Self(rawValue: 0x0004)
    public static let hmac = Self(rawValue: 0x0005)
    public static let aes = Self(rawValue: 0x0006)
    public static let mgf1 = Self(rawValue: 0x0007)
    public static let keyedHash = Self(rawValue: 0x0008)
    public static let xor = Self(rawValue: 0x000A)
    public static let sha256 = Self(rawValue: 0x000B)
    public static let sha384 = Self(rawValue: 0x000C)
    public static let sha512 = Self(rawValue: 0x000D)
    public static let null = Self(rawValue: 0x0010)
    public static let sm3_256 = Self(rawValue: 0x0012)
    public static let sm4 = Self(rawValue: 0x0013)
    public static let rsassa = Self(rawValue: 0x0014)
    public static let rsaes = Self(rawValue: 0x0015)
    public static let rsapss = Self(rawValue: 0x0016)
    public static let oaep = Self(rawValue: 0x0017)
    public static let ecdsa = Self(rawValue: 0x0018)
    public static let ecdh = Self(rawValue: 0x0019)
    public static let ecdaa = Self(rawValue: 0x001A)
    public static let sm2 = Self(rawValue: 0x001B)
    public static let ecschnorr = Self(rawValue: 0x001C)
    public static let ecmqv = Self(rawValue: 0x001D)
    public static let kdf1_sp800_56a = Self(rawValue: 0x0020)
    public static let kdf2 = Self(rawValue: 0x0021)
    public static let kdf1_sp800_108 = Self(rawValue: 0x0022)
    public static let ecc = Self(rawValue: 0x0023)
    public static let symcipher = Self(rawValue: 0x0025)
    public static let camellia = Self(rawValue: 0x0026)
    public static let cmac = Self(rawValue: 0x003F)
    public static let ctr = Self(rawValue: 0x0040)
    public static let ofb = Self(rawValue: 0x0041)
    public static let cbc = Self(rawValue: 0x0042)
    public static let cfb = Self(rawValue: 0x0043)
    public static let ecb = Self(rawValue: 0x0044)

    public init(from reader: inout TPMReader) throws(TPMError) { rawValue = try reader.read() }
    public func marshal(into writer: inout TPMWriter) { writer.write(rawValue) }

    /// The hash this algorithm names, if it is a hash the engine implements.
    public var hashAlgorithm: HashAlgorithm? {
        switch self {
        case .sha1: return .sha1
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        case .sm3_256: return .sm3_256
        default: return nil
        }
    }

    /// The TPM_ALG_ID that names a hash the engine implements.
    /// - Parameter hash: the hash algorithm (SHA-1, SHA-256, SHA-384, SHA-512 or SM3-256).
    public init(_ hash: HashAlgorithm) {
        switch hash {
        case .sha1: self = .sha1
        case .sha256: self = .sha256
        case .sha384: self = .sha384
        case .sha512: self = .sha512
        case .sm3_256: self = .sm3_256
        }
    }

    public var symmetricMode: SymmetricMode? {
        switch self {
        case .cfb: return .cfb
        case .ctr: return .ctr
        case .ofb: return .ofb
        case .cbc: return .cbc
        case .ecb: return .ecb
        default: return nil
        }
    }

    public var symmetricAlgorithm: SymmetricAlgorithm? {
        switch self {
        case .aes: return .aes
        case .sm4: return .sm4
        case .camellia: return .camellia
        case .tdes: return .tdes
        default: return nil
        }
    }

    /// Names used in profiles and messages, as tpm2-tools spells them.
    public static let names: [String: TPMAlgorithm] = [
        "rsa": .rsa, "tdes": .tdes, "sha1": .sha1, "hmac": .hmac, "aes": .aes, "mgf1": .mgf1,
        "keyedhash": .keyedHash, "xor": .xor, "sha256": .sha256, "sha384": .sha384,
        "sha512": .sha512, "null": .null, "sm3_256": .sm3_256, "sm4": .sm4, "rsassa": .rsassa,
        "rsaes": .rsaes, "rsapss": .rsapss, "oaep": .oaep, "ecdsa": .ecdsa, "ecdh": .ecdh,
        "ecdaa": .ecdaa, "sm2": .sm2, "ecschnorr": .ecschnorr, "ecmqv": .ecmqv,
        "kdf1_sp800_56a": .kdf1_sp800_56a, "kdf2": .kdf2, "kdf1_sp800_108": .kdf1_sp800_108,
        "ecc": .ecc, "symcipher": .symcipher, "camellia": .camellia, "cmac": .cmac, "ctr": .ctr, "ofb": .ofb,
        "cbc": .cbc, "cfb": .cfb, "ecb": .ecb,
    ]

    public var description: String {
        Self.names.first { $0.value == self }?.key ?? "0x" + String(rawValue, radix: 16)
    }
}

/// TPMA_ALGORITHM bits reported by GetCapability(TPM_CAP_ALGS) (Part 2 §8.2).
public enum AlgorithmAttributes {
    public static let asymmetric: UInt32 = 1 << 0
    public static let symmetric: UInt32 = 1 << 1
    public static let hash: UInt32 = 1 << 2
    public static let object: UInt32 = 1 << 3
    public static let signing: UInt32 = 1 << 8
    public static let encrypting: UInt32 = 1 << 9
    public static let method: UInt32 = 1 << 10

    /// The TPMA_ALGORITHM bits GetCapability(TPM_CAP_ALGS) reports for an algorithm.
    /// - Parameter alg: the algorithm identifier (TPM_ALG_ID).
    /// - Returns: its attribute bits (asymmetric, symmetric, hash, object, signing, encrypting, method);
    ///   0 for an algorithm the table does not list.
    public static func of(_ alg: TPMAlgorithm) -> UInt32 {
        switch alg {
        case .rsa, .ecc: return asymmetric | object
        case .keyedHash: return hash | object | signing | encrypting
        case .symcipher: return object
        case .aes, .sm4, .tdes, .camellia: return symmetric
        case .sha1, .sha256, .sha384, .sha512, .sm3_256: return hash
        case .hmac: return hash | signing
        case .cmac: return symmetric | signing
        case .xor: return hash | symmetric
        case .rsassa, .rsapss, .ecdsa, .ecdaa, .sm2, .ecschnorr: return asymmetric | signing
        case .rsaes, .oaep: return asymmetric | encrypting
        case .ecdh, .ecmqv: return asymmetric | method
        case .mgf1, .kdf1_sp800_56a, .kdf2, .kdf1_sp800_108: return hash | method
        case .ctr, .ofb, .cbc, .cfb, .ecb: return symmetric | encrypting
        default: return 0
        }
    }
}

/// TPM_ECC_CURVE (Part 2 §6.4).
public struct TPMECCCurve: RawRepresentable, Hashable, Sendable, TPMCodable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let none = Self(rawValue: 0x0000)
    public static let nistP192 = Self(rawValue: 0x0001)
    public static let nistP224 = Self(rawValue: 0x0002)
    public static let nistP256 = Self(rawValue: 0x0003)
    public static let nistP384 = Self(rawValue: 0x0004)
    public static let nistP521 = Self(rawValue: 0x0005)
    public static let bnP256 = Self(rawValue: 0x0010)
    public static let bnP638 = Self(rawValue: 0x0011)
    public static let sm2P256 = Self(rawValue: 0x0020)

    public init(from reader: inout TPMReader) throws(TPMError) { rawValue = try reader.read() }
    public func marshal(into writer: inout TPMWriter) { writer.write(rawValue) }

    public var curve: ECCCurve? {
        switch self {
        case .nistP192: return .nistP192
        case .nistP224: return .nistP224
        case .nistP256: return .nistP256
        case .nistP384: return .nistP384
        case .nistP521: return .nistP521
        case .bnP256: return .bnP256
        case .bnP638: return .bnP638
        case .sm2P256: return .sm2P256
        default: return nil
        }
    }

    public static let names: [String: TPMECCCurve] = [
        "nist_p192": .nistP192, "nist_p224": .nistP224, "nist_p256": .nistP256, "nist_p384": .nistP384,
        "nist_p521": .nistP521,
        "bn_p256": .bnP256, "bn_p638": .bnP638, "sm2_p256": .sm2P256,
    ]
}
