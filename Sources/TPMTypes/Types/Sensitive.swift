/// TPMT_SENSITIVE (Part 2 §12.3.2.4): the secret half of an object.
public struct TPMSensitive: Equatable, Sendable, TPMCodable {
    public var type: TPMAlgorithm
    public var authValue: [UInt8]
    /// Obfuscation value for keyed-hash/symmetric unique, or the seed of a storage key.
    public var seedValue: [UInt8]
    /// RSA: one prime; ECC: the private scalar; keyedHash: the data or HMAC key; symCipher: the key.
    public var sensitive: [UInt8]

    /// A sensitive area from its fields.
    /// - Parameters:
    ///   - type: the object type (TPMI_ALG_PUBLIC), the same as the public area's.
    ///   - authValue: the object's authorization value (TPM2B_AUTH).
    ///   - seedValue: for a keyed-hash or symmetric object the obfuscation value, for a storage key its seed.
    ///   - sensitive: the type's secret (TPMU_SENSITIVE_COMPOSITE): an RSA prime, the ECC private scalar,
    ///     the data or HMAC key, or the symmetric key.
    public init(type: TPMAlgorithm, authValue: [UInt8], seedValue: [UInt8], sensitive: [UInt8]) {
        self.type = type
        self.authValue = authValue
        self.seedValue = seedValue
        self.sensitive = sensitive
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        type = try TPMAlgorithm(from: &reader)
        guard TPMPublic.objectTypes.contains(type) else { throw TPMError(.type) }  // TPMI_ALG_PUBLIC
        authValue = try reader.readSized(max: TPMLimits.maxDigest)
        seedValue = try reader.readSized(max: TPMLimits.maxDigest)
        switch type {
        case .rsa: sensitive = try reader.readSized(max: TPMLimits.maxRSAPrimeBytes)
        case .ecc: sensitive = try reader.readSized(max: TPMLimits.maxECCKeyBytes)
        case .keyedHash: sensitive = try reader.readSized(max: TPMLimits.maxSensitiveData)
        case .symcipher: sensitive = try reader.readSized(max: TPMLimits.maxSymKey)
        default: throw TPMError(.type)
        }
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(type)
        writer.writeSized(authValue)
        writer.writeSized(seedValue)
        writer.writeSized(sensitive)
    }
}

/// TPMS_SENSITIVE_CREATE (Part 2 §11.1.15), carried in TPM2B_SENSITIVE_CREATE.
public struct TPMSensitiveCreate: Equatable, Sendable, TPMCodable {
    public var userAuth: [UInt8]
    public var data: [UInt8]

    /// A TPMS_SENSITIVE_CREATE from its fields, both empty by default.
    /// - Parameters:
    ///   - userAuth: the new object's authorization value.
    ///   - data: the data to seal, a key, or a derivation's label and context (a TPMS_DERIVE).
    public init(userAuth: [UInt8] = [], data: [UInt8] = []) {
        self.userAuth = userAuth
        self.data = data
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        userAuth = try reader.readSized(max: TPMLimits.maxDigest)
        data = try reader.readSized(max: TPMLimits.maxSensitiveData)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.writeSized(userAuth)
        writer.writeSized(data)
    }

    /// TPM2B_SENSITIVE_CREATE: a zero size is refused (TPM_RC_SIZE).
    public init(sizedFrom reader: inout TPMReader) throws(TPMError) {
        guard
            let value = try reader.readNested({ (inner: inout TPMReader) throws(TPMError) in
                try TPMSensitiveCreate(from: &inner)
            })
        else {
            throw TPMError(.size)
        }
        self = value
    }
}
