import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// An ECDSA P-256 key held by TrustCrypto (OpenSSL) and lent to swift-certificates as a
/// custom key: X509 builds each certificate, our crypto signs it. The emulated TPM
/// manufacturer's CA and the PIV card's attestation key sign with it.
public struct ECDSASigningKey: CustomPrivateKey {
    public let key: ECC.PrivateKey

    /// Lends `key` to X509 as a signing key.
    /// - Parameter key: the NIST P-256 private key that signs (the curve is not checked here).
    public init(key: ECC.PrivateKey) {
        self.key = key
    }

    /// A new random key on NIST P-256.
    /// - Returns: the signing key holding it.
    public static func generate() throws(CryptoError) -> ECDSASigningKey {
        ECDSASigningKey(key: try ECC.PrivateKey.generate(curve: .nistP256))
    }

    /// The SubjectPublicKeyInfo, DER.
    /// - Returns: the DER SubjectPublicKeyInfo of the key's public half.
    public func subjectPublicKeyInfo() throws -> [UInt8] {
        try PEMDocument(pemString: try key.publicKey.pem()).derBytes
    }

    public var publicKey: Certificate.PublicKey {
        // The key was checked on the curve when it was made; its PEM always parses.
        do { return try Certificate.PublicKey(pemEncoded: try key.publicKey.pem()) } catch {
            fatalError("a P-256 public key TrustCrypto made did not parse: \(error)")
        }
    }

    public var defaultSignatureAlgorithm: Certificate.SignatureAlgorithm { .ecdsaWithSHA256 }
    public var supportedSignatureAlgorithms: [Certificate.SignatureAlgorithm] { [.ecdsaWithSHA256] }

    /// Signs for X509: ECDSA over SHA-256 of `bytes`, as `signatureValue(_:)` does.
    /// - Parameters:
    ///   - bytes: the data X509 signs (a TBSCertificate, for instance).
    ///   - signatureAlgorithm: the algorithm X509 asks for; anything but ecdsa-with-SHA256 throws
    ///     a SigningKeyError.
    /// - Returns: an ecdsa-with-SHA256 signature whose bytes are the DER Ecdsa-Sig-Value.
    public func signSynchronously(
        bytes: some DataProtocol,
        signatureAlgorithm: Certificate.SignatureAlgorithm
    ) throws -> Certificate.Signature {
        guard signatureAlgorithm == .ecdsaWithSHA256 else {
            throw SigningKeyError("this key signs with ecdsa-with-SHA256 only, not \(signatureAlgorithm)")
        }
        return try Certificate.Signature(
            signatureAlgorithm: .ecdsaWithSHA256,
            signatureBytes: ASN1BitString(bytes: signatureValue(Array(bytes))[...]))
    }

    /// The DER Ecdsa-Sig-Value of a signature over SHA-256(bytes).
    /// - Parameter bytes: the message; it is hashed with SHA-256 here.
    /// - Returns: the signature as a DER Ecdsa-Sig-Value.
    public func signatureValue(_ bytes: [UInt8]) throws -> [UInt8] {
        let (r, s) = try key.signECDSA(digest: Hash.digest(.sha256, bytes))
        return try Self.signatureValue(r: r, s: s)
    }

    /// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2.3), r and s
    /// unsigned big-endian (SwiftASN1 makes each INTEGER minimal). X.509 signatures and PIV's
    /// GENERAL AUTHENTICATE answers use it.
    /// - Parameters:
    ///   - r: the signature's r, unsigned big-endian.
    ///   - s: the signature's s, unsigned big-endian.
    /// - Returns: the DER encoding of the SEQUENCE.
    public static func signatureValue(r: [UInt8], s: [UInt8]) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(r[...])
            try coder.serialize(s[...])
        }
        return coder.serializedBytes
    }

    public static func == (lhs: ECDSASigningKey, rhs: ECDSASigningKey) -> Bool {
        lhs.key.publicKey == rhs.key.publicKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key.publicKey.point.x)
        hasher.combine(key.publicKey.point.y)
    }
}

extension ECDSASigningKey: PEMParseable {
    public static var defaultPEMDiscriminator: String { "EC PRIVATE KEY" }

    /// ECPrivateKey (RFC 5915 §3): version 1, the scalar, the named curve, the public point.
    /// - Parameter coder: the serializer the ECPrivateKey SEQUENCE is appended to.
    public func serialize(into coder: inout DER.Serializer) throws {
        let point = key.publicKey.point
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.serialize(ASN1OctetString(contentBytes: key.scalar[...]))
            try coder.serialize(
                ASN1ObjectIdentifier.NamedCurves.secp256r1,
                explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
            try coder.serialize(
                ASN1BitString(bytes: ([0x04] + point.x + point.y)[...]),
                explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific)
        }
    }

    /// Reads an ECPrivateKey (RFC 5915 §3) on P-256: version 1, the scalar, and a named curve that,
    /// when present, must be secp256r1; the optional public point is parsed but not used.
    /// - Parameter node: the ECPrivateKey SEQUENCE.
    public init(derEncoded node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            let version = try Int(derEncoded: &nodes)
            let scalar = try ASN1OctetString(derEncoded: &nodes)
            let curve = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try ASN1ObjectIdentifier(derEncoded: $0)
            }
            _ = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) {
                try ASN1BitString(derEncoded: $0)
            }
            guard version == 1, curve == nil || curve == ASN1ObjectIdentifier.NamedCurves.secp256r1 else {
                throw SigningKeyError("the key is not a P-256 ECPrivateKey")
            }
            return ECDSASigningKey(key: try ECC.PrivateKey(curve: .nistP256, scalar: Array(scalar.bytes)))
        }
    }
}

/// Why a signing key refused, as a sentence.
public struct SigningKeyError: Error, CustomStringConvertible {
    public let description: String
    /// A signing key error that reads `description`.
    /// - Parameter description: the sentence saying why the key refused.
    public init(_ description: String) { self.description = description }
}
