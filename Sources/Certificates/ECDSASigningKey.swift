import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// An ECDSA P-256 key held by TrustCrypto (OpenSSL) and lent to swift-certificates as a
/// custom key: X509 builds each certificate, our crypto signs it. The emulated TPM
/// manufacturer's CA and the PIV card's attestation key sign with it.
public struct ECDSASigningKey: CustomPrivateKey {
    public let key: ECC.PrivateKey

    public init(key: ECC.PrivateKey) {
        self.key = key
    }

    public static func generate() throws(CryptoError) -> ECDSASigningKey {
        ECDSASigningKey(key: try ECC.PrivateKey.generate(curve: .nistP256))
    }

    /// The SubjectPublicKeyInfo, DER.
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
    public func signatureValue(_ bytes: [UInt8]) throws -> [UInt8] {
        let (r, s) = try key.signECDSA(digest: Hash.digest(.sha256, bytes))
        return try Self.signatureValue(r: r, s: s)
    }

    /// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2.3), r and s
    /// unsigned big-endian (SwiftASN1 makes each INTEGER minimal). X.509 signatures and PIV's
    /// GENERAL AUTHENTICATE answers use it.
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
    public init(_ description: String) { self.description = description }
}
