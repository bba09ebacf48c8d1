import TPM2
import TPMTypes
import TrustCrypto

/// The elliptic curve and signing scheme the suites build keys with on a target: NIST P-256
/// with ECDSA and SHA-256, or on a TCM without them, SM2 P-256 with SM2 and SM3.
struct SigningSuite: Equatable {
    var curve: TPMECCCurve
    var scheme: TPMAlgorithm
    var hash: TPMAlgorithm

    static let nist = SigningSuite(curve: .nistP256, scheme: .ecdsa, hash: .sha256)
    static let sm = SigningSuite(curve: .sm2P256, scheme: .sm2, hash: .sm3_256)

    var softwareCurve: ECCCurve { curve.curve ?? .nistP256 }
    var softwareHash: HashAlgorithm { hash.hashAlgorithm ?? .sha256 }

    /// Signs `digest` in software with `key` by this suite's scheme, as a TPM signature.
    func sign(_ digest: [UInt8], with key: ECC.PrivateKey) throws -> TPMSignature {
        let (r, s) = scheme == .sm2 ? try key.signSM2(digest: digest) : try key.signECDSA(digest: digest)
        return TPMSignature(algorithm: scheme, body: .ecc(hash: hash, r: r, s: s))
    }
}

/// The key templates the suites create, each what a client commonly asks for.
enum Templates {
    static let sha256 = TPMAlgorithm.sha256
    static let aes128CFB = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)

    /// An attestation key: a restricted signing key of the target's signing suite.
    static func attestationKey(_ suite: SigningSuite) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: sha256,
            attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .sign],
            parameters: .ecc(
                symmetric: .null, scheme: TPMScheme(suite.scheme, hash: suite.hash), curve: suite.curve, kdf: .null),
            unique: .ecc(TPMECCPoint()))
    }

    /// A storage root key: a restricted ECC decryption key with AES-128-CFB.
    static func storageKey(_ suite: SigningSuite, unique: [UInt8] = []) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: sha256,
            attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
            parameters: .ecc(symmetric: aes128CFB, scheme: .null, curve: suite.curve, kdf: .null),
            unique: .ecc(TPMECCPoint(x: unique, y: [])))
    }

    static let rsaSigning = TPMPublic(
        type: .rsa, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
        parameters: .rsa(symmetric: .null, scheme: TPMScheme(.rsassa, hash: sha256), keyBits: 2048, exponent: 0),
        unique: .rsa([]))

    static func eccSigning(
        _ suite: SigningSuite,
        attributes: TPMObjectAttributes = [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
        authPolicy: [UInt8] = []
    ) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: sha256, attributes: attributes, authPolicy: authPolicy,
            parameters: .ecc(
                symmetric: .null, scheme: TPMScheme(suite.scheme, hash: suite.hash), curve: suite.curve, kdf: .null),
            unique: .ecc(TPMECCPoint()))
    }

    /// A sealed data object: authorized by its password, or only by `policy` when one is given.
    static func sealed(policy: [UInt8] = [], noDA: Bool = true) -> TPMPublic {
        var attributes: TPMObjectAttributes = [.fixedTPM, .fixedParent]
        if policy.isEmpty { attributes.insert(.userWithAuth) }
        if noDA { attributes.insert(.noDA) }
        return TPMPublic(
            type: .keyedHash, nameAlg: sha256, attributes: attributes, authPolicy: policy,
            parameters: .keyedHash(scheme: .null), unique: .digest([]))
    }

    /// An HMAC key whose key bytes the caller supplies, so software can recompute its MACs.
    static let importedHMAC = TPMPublic(
        type: .keyedHash, nameAlg: sha256, attributes: [.fixedTPM, .fixedParent, .userWithAuth, .sign, .noDA],
        parameters: .keyedHash(scheme: TPMScheme(.hmac, hash: sha256)), unique: .digest([]))

    /// An AES-128-CFB key whose key bytes the caller supplies.
    static let importedAES = TPMPublic(
        type: .symcipher, nameAlg: sha256,
        attributes: [.fixedTPM, .fixedParent, .userWithAuth, .sign, .decrypt, .noDA],
        parameters: .symCipher(aes128CFB), unique: .digest([]))
}
