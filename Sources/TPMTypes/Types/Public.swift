import TrustCrypto

/// TPMS_ECC_POINT (Part 2 §11.2.5.2).
public struct TPMECCPoint: Equatable, Sendable, TPMCodable {
    public var x: [UInt8]
    public var y: [UInt8]

    /// A point from its coordinates, both empty by default.
    /// - Parameters:
    ///   - x: the X coordinate (TPM2B_ECC_PARAMETER), big-endian.
    ///   - y: the Y coordinate (TPM2B_ECC_PARAMETER), big-endian.
    public init(x: [UInt8] = [], y: [UInt8] = []) {
        self.x = x
        self.y = y
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        x = try reader.readSized(max: TPMLimits.maxECCKeyBytes)
        y = try reader.readSized(max: TPMLimits.maxECCKeyBytes)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.writeSized(x)
        writer.writeSized(y)
    }
}

/// TPMU_PUBLIC_PARMS (Part 2 §12.2.3.7), one case per object type.
public enum TPMPublicParameters: Equatable, Sendable {
    /// TPMS_KEYEDHASH_PARMS: the HMAC or XOR scheme, or NULL for a sealed data object.
    case keyedHash(scheme: TPMScheme)
    /// TPMS_SYMCIPHER_PARMS.
    case symCipher(TPMSymmetricDefinition)
    /// TPMS_RSA_PARMS; an exponent of 0 means 65537.
    case rsa(symmetric: TPMSymmetricDefinition, scheme: TPMScheme, keyBits: UInt16, exponent: UInt32)
    /// TPMS_ECC_PARMS.
    case ecc(symmetric: TPMSymmetricDefinition, scheme: TPMScheme, curve: TPMECCCurve, kdf: TPMScheme)

    /// The symmetric definition of a storage key (TPM_ALG_NULL for everything else).
    public var symmetric: TPMSymmetricDefinition {
        switch self {
        case .symCipher(let sym): return sym
        case .rsa(let sym, _, _, _), .ecc(let sym, _, _, _): return sym
        case .keyedHash: return .null
        }
    }

    public var scheme: TPMScheme {
        switch self {
        case .keyedHash(let scheme): return scheme
        case .symCipher: return .null
        case .rsa(_, let scheme, _, _), .ecc(_, let scheme, _, _): return scheme
        }
    }
}

extension TPMPublicParameters: TPMMarshallable {
    /// TPMU_PUBLIC_PARMS selected by `type` (the TPMI_ALG_PUBLIC in front of it, in TPMT_PUBLIC
    /// and in TPMT_PUBLIC_PARMS alike).
    public init(type: TPMAlgorithm, from reader: inout TPMReader) throws(TPMError) {
        switch type {
        case .keyedHash:
            self = .keyedHash(scheme: try TPMScheme(from: &reader, kind: .keyedHash))
        case .symcipher:
            // TPMS_SYMCIPHER_PARMS: a TPMT_SYM_DEF_OBJECT without NULL.
            let sym = try TPMSymmetricDefinition(from: &reader)
            guard sym.algorithm != .xor, sym.algorithm != .null else { throw TPMError(.symmetric) }
            self = .symCipher(sym)
        case .rsa:
            let sym = try TPMSymmetricDefinition(from: &reader)
            guard sym.algorithm != .xor else { throw TPMError(.symmetric) }
            let scheme = try TPMScheme(from: &reader, kind: .rsa)
            let keyBits: UInt16 = try reader.read()
            let exponent: UInt32 = try reader.read()
            self = .rsa(symmetric: sym, scheme: scheme, keyBits: keyBits, exponent: exponent)
        case .ecc:
            let sym = try TPMSymmetricDefinition(from: &reader)
            guard sym.algorithm != .xor else { throw TPMError(.symmetric) }
            let scheme = try TPMScheme(from: &reader, kind: .ecc)
            let curve = try TPMECCCurve(from: &reader)
            guard curve.curve != nil else { throw TPMError(.curve) }  // TPMI_ECC_CURVE
            let kdf = try TPMScheme(from: &reader, kind: .kdf)
            self = .ecc(symmetric: sym, scheme: scheme, curve: curve, kdf: kdf)
        default:
            throw TPMError(.type)
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        switch self {
        case .keyedHash(let scheme):
            writer.write(scheme)
        case .symCipher(let sym):
            writer.write(sym)
        case .rsa(let sym, let scheme, let keyBits, let exponent):
            writer.write(sym)
            writer.write(scheme)
            writer.write(keyBits)
            writer.write(exponent)
        case .ecc(let sym, let scheme, let curve, let kdf):
            writer.write(sym)
            writer.write(scheme)
            writer.write(curve)
            writer.write(kdf)
        }
    }
}

/// TPMU_PUBLIC_ID (Part 2 §12.2.3.2).
public enum TPMPublicUnique: Equatable, Sendable {
    case digest([UInt8])  // keyedHash and symCipher
    case rsa([UInt8])  // modulus
    case ecc(TPMECCPoint)
}

/// TPMT_PUBLIC (Part 2 §12.2.4): everything about an object that is not secret.
public struct TPMPublic: Equatable, Sendable, TPMCodable {
    public var type: TPMAlgorithm
    public var nameAlg: TPMAlgorithm
    public var attributes: TPMObjectAttributes
    public var authPolicy: [UInt8]
    public var parameters: TPMPublicParameters
    public var unique: TPMPublicUnique

    /// A public area from its fields.
    /// - Parameters:
    ///   - type: the object type (TPMI_ALG_PUBLIC): RSA, ECC, keyed hash or symmetric cipher.
    ///   - nameAlg: the hash that computes the object's Name (TPMI_ALG_HASH+; TPM_ALG_NULL for none).
    ///   - attributes: the object's attributes (TPMA_OBJECT).
    ///   - authPolicy: the policy digest that can authorize the object; empty (the default) for none.
    ///   - parameters: the parameters of `type` (TPMU_PUBLIC_PARMS).
    ///   - unique: the unique identifier (TPMU_PUBLIC_ID): a digest, an RSA modulus or an ECC point.
    public init(
        type: TPMAlgorithm, nameAlg: TPMAlgorithm, attributes: TPMObjectAttributes,
        authPolicy: [UInt8] = [], parameters: TPMPublicParameters, unique: TPMPublicUnique
    ) {
        self.type = type
        self.nameAlg = nameAlg
        self.attributes = attributes
        self.authPolicy = authPolicy
        self.parameters = parameters
        self.unique = unique
    }

    /// The zero value a parameter list starts from before it is read: a keyed-hash object
    /// with nothing set.
    public init() {
        self.init(
            type: .keyedHash, nameAlg: .null, attributes: [], parameters: .keyedHash(scheme: .null), unique: .digest([])
        )
    }

    /// Fields are checked as they are read, in Part 2 order: a TPMI_ALG_PUBLIC type
    /// (TPM_RC_TYPE), a TPMI_ALG_HASH+ nameAlg, TPMA_OBJECT without reserved bits, then the
    /// parameters of that type.
    public init(from reader: inout TPMReader) throws(TPMError) {
        try self.init(headerFrom: &reader)
        switch type {
        case .rsa: unique = .rsa(try reader.readSized(max: TPMLimits.maxRSAKeyBytes))
        case .ecc: unique = .ecc(try TPMECCPoint(from: &reader))
        default: unique = .digest(try reader.readSized(max: TPMLimits.maxDigest))
        }
    }

    /// Everything before the unique field, which is left empty: the part a TPMT_PUBLIC and a
    /// template for a derived object (Part 3 §12.9) share.
    private init(headerFrom reader: inout TPMReader) throws(TPMError) {
        type = try TPMAlgorithm(from: &reader)
        guard Self.objectTypes.contains(type) else { throw TPMError(.type) }
        nameAlg = try TPMAlgorithm(from: &reader)
        guard nameAlg == .null || nameAlg.hashAlgorithm != nil else { throw TPMError(.hash) }
        attributes = TPMObjectAttributes(rawValue: try reader.read())
        guard attributes.isDisjoint(with: .reserved) else { throw TPMError(.reservedBits) }
        authPolicy = try reader.readSized(max: TPMLimits.maxDigest)
        parameters = try TPMPublicParameters(type: type, from: &reader)
        switch type {
        case .rsa: unique = .rsa([])
        case .ecc: unique = .ecc(TPMECCPoint())
        default: unique = .digest([])
        }
    }

    /// The TPM2B_TEMPLATE of TPM2_CreateLoaded under a derivation parent (Part 3 §12.9): a
    /// TPMT_PUBLIC whose unique field is a TPMS_DERIVE, whatever the object type. The public
    /// area comes back with an empty unique field; the whole buffer must be used (TPM_RC_SIZE).
    /// - Parameter bytes: the TPM2B_TEMPLATE's buffer, without its size field.
    /// - Returns: the public area, with an empty unique field, and the TPMS_DERIVE read in its place.
    /// - Throws: TPM_RC_SIZE when bytes remain after the TPMS_DERIVE, or the public area's own codes.
    public static func derivationTemplate(_ bytes: [UInt8]) throws(TPMError) -> (TPMPublic, TPMDerive) {
        var reader = TPMReader(bytes)
        let publicArea = try TPMPublic(headerFrom: &reader)
        let derive = try TPMDerive(from: &reader)
        guard reader.isAtEnd else { throw TPMError(.size) }
        return (publicArea, derive)
    }

    /// TPMI_ALG_PUBLIC: the object types.
    public static let objectTypes: [TPMAlgorithm] = [.rsa, .keyedHash, .ecc, .symcipher]

    public func marshal(into writer: inout TPMWriter) {
        writer.write(type)
        writer.write(nameAlg)
        writer.write(attributes.rawValue)
        writer.writeSized(authPolicy)
        writer.write(parameters)
        switch unique {
        case .digest(let bytes), .rsa(let bytes): writer.writeSized(bytes)
        case .ecc(let point): writer.write(point)
        }
    }

    /// TPM2B_PUBLIC: this structure behind a size prefix.
    public init(sizedFrom reader: inout TPMReader) throws(TPMError) {
        let value = try reader.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMPublic(from: &inner) }
        guard let value else { throw TPMError(.size) }
        self = value
    }

    /// Writes this structure as a TPM2B_PUBLIC: a size field, then the TPMT_PUBLIC.
    /// - Parameter writer: the writer the TPM2B_PUBLIC is appended to.
    public func marshalSized(into writer: inout TPMWriter) {
        writer.writeNested { marshal(into: &$0) }
    }

    /// A restricted decryption key that wraps children: any type but keyed-hash.
    public var isStorageParent: Bool {
        type != .keyedHash && isRestrictedDecrypt
    }

    /// A restricted keyed-hash decryption key: its secret derives children in
    /// TPM2_CreateLoaded (Part 3 §12.9), as the reference's ObjectSetLoadedAttributes marks it.
    public var isDerivationParent: Bool {
        type == .keyedHash && isRestrictedDecrypt
    }

    private var isRestrictedDecrypt: Bool {
        attributes.contains(.restricted) && attributes.contains(.decrypt) && !attributes.contains(.sign)
    }
}

/// TPMS_DERIVE (Part 2 §11.1.11): the label and context a derivation parent's KDF takes.
public struct TPMDerive: Equatable, Sendable, TPMCodable {
    public var label: [UInt8]
    public var context: [UInt8]

    /// A TPMS_DERIVE from its two fields.
    /// - Parameters:
    ///   - label: the label the derivation parent's KDF takes (TPM2B_LABEL); empty by default.
    ///   - context: the context the derivation parent's KDF takes (TPM2B_LABEL); empty by default.
    public init(label: [UInt8] = [], context: [UInt8] = []) {
        self.label = label
        self.context = context
    }

    /// Two TPM2B_LABELs (TPM_RC_SIZE beyond LABEL_MAX_BUFFER).
    public init(from reader: inout TPMReader) throws(TPMError) {
        label = try reader.readSized(max: TPMLimits.maxLabel)
        context = try reader.readSized(max: TPMLimits.maxLabel)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.writeSized(label)
        writer.writeSized(context)
    }

    /// The values a derivation uses when the caller also put a TPMS_DERIVE in the sensitive
    /// data: as the reference's SetLabelAndContext does, each field of the template that is
    /// empty takes the sensitive one; a non-empty template field stays. Bytes after the
    /// structure are ignored, as there.
    /// - Parameter data: the data of the TPM2B_SENSITIVE_CREATE: empty, or a TPMS_DERIVE.
    /// - Returns: this value with each empty field taken from `data`'s TPMS_DERIVE; unchanged when `data` is empty.
    public func completed(bySensitiveData data: [UInt8]) throws(TPMError) -> TPMDerive {
        guard !data.isEmpty else { return self }
        var reader = TPMReader(data)
        let other = try TPMDerive(from: &reader)
        return TPMDerive(label: label.isEmpty ? other.label : label, context: context.isEmpty ? other.context : context)
    }
}
