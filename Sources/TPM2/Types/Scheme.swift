/// One shape for the scheme unions (TPMT_RSA_SCHEME, TPMT_ECC_SCHEME, TPMT_SIG_SCHEME,
/// TPMT_KEYEDHASH_SCHEME, TPMT_KDF_SCHEME, TPMT_ASYM_SCHEME): an algorithm, then its details
/// (Part 2 §11.2): nothing for TPM_ALG_NULL and the unhashed RSAES, a hash for every other
/// scheme, plus a count for ECDAA and a KDF for XOR.
public struct TPMScheme: Equatable, Sendable, TPMCodable {
    public var algorithm: TPMAlgorithm
    public var hash: TPMAlgorithm
    /// ECDAA's commit count, or XOR's key-derivation function.
    public var extra: UInt16

    public init(_ algorithm: TPMAlgorithm, hash: TPMAlgorithm = .null, extra: UInt16 = 0) {
        self.algorithm = algorithm
        self.hash = hash
        self.extra = extra
    }

    public static let null = TPMScheme(.null)

    var hasHash: Bool { algorithm != .null && algorithm != .rsaes }

    public init(from reader: inout TPMReader) throws(TPMError) {
        algorithm = try TPMAlgorithm(from: &reader)
        hash = .null
        extra = 0
        guard hasHash else { return }
        hash = try TPMAlgorithm(from: &reader)
        if algorithm == .ecdaa || algorithm == .xor { extra = try reader.read() }
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

    public init(_ algorithm: TPMAlgorithm, keyBits: UInt16 = 0, mode: TPMAlgorithm = .null) {
        self.algorithm = algorithm
        self.keyBits = keyBits
        self.mode = mode
    }

    public static let null = TPMSymmetricDefinition(.null)

    public init(from reader: inout TPMReader) throws(TPMError) {
        algorithm = try TPMAlgorithm(from: &reader)
        keyBits = 0
        mode = .null
        guard algorithm != .null else { return }
        keyBits = try reader.read()
        if algorithm != .xor { mode = try TPMAlgorithm(from: &reader) }
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
