import TPM2

/// The key templates the suites create, each what a client commonly asks for.
enum Templates {
    static let sha256 = TPMAlgorithm.sha256
    static let aes128CFB = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)

    /// An attestation key: a restricted ECDSA P-256 signing key.
    static let attestationKey = TPMPublic(
        type: .ecc, nameAlg: sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .sign],
        parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: sha256), curve: .nistP256, kdf: .null),
        unique: .ecc(TPMECCPoint()))

    /// A storage root key: a restricted ECC P-256 decryption key with AES-128-CFB.
    static func storageKey(unique: [UInt8] = []) -> TPMPublic {
        TPMPublic(type: .ecc, nameAlg: sha256,
                  attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
                  parameters: .ecc(symmetric: aes128CFB, scheme: .null, curve: .nistP256, kdf: .null),
                  unique: .ecc(TPMECCPoint(x: unique, y: [])))
    }

    static let rsaSigning = TPMPublic(
        type: .rsa, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
        parameters: .rsa(symmetric: .null, scheme: TPMScheme(.rsassa, hash: sha256), keyBits: 2048, exponent: 0),
        unique: .rsa([]))

    static let eccSigning = TPMPublic(
        type: .ecc, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
        parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: sha256), curve: .nistP256, kdf: .null),
        unique: .ecc(TPMECCPoint()))

    /// A sealed data object: authorized by its password, or only by `policy` when one is given.
    static func sealed(policy: [UInt8] = [], noDA: Bool = true) -> TPMPublic {
        var attributes: TPMObjectAttributes = [.fixedTPM, .fixedParent]
        if policy.isEmpty { attributes.insert(.userWithAuth) }
        if noDA { attributes.insert(.noDA) }
        return TPMPublic(type: .keyedHash, nameAlg: sha256, attributes: attributes, authPolicy: policy,
                         parameters: .keyedHash(scheme: .null), unique: .digest([]))
    }

    /// An HMAC key whose key bytes the caller supplies, so software can recompute its MACs.
    static let importedHMAC = TPMPublic(
        type: .keyedHash, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .userWithAuth, .sign, .noDA],
        parameters: .keyedHash(scheme: TPMScheme(.hmac, hash: sha256)), unique: .digest([]))

    /// An AES-128-CFB key whose key bytes the caller supplies.
    static let importedAES = TPMPublic(
        type: .symcipher, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .userWithAuth, .sign, .decrypt, .noDA],
        parameters: .symCipher(aes128CFB), unique: .digest([]))
}
