import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// The emulated manufacturer CA's ECDSA P-256 key, held by TrustCrypto (OpenSSL) and lent to
/// swift-certificates as a custom key: X509 builds each certificate, our crypto signs it.
struct CASigningKey: CustomPrivateKey {
    let key: ECC.PrivateKey

    static func generate() throws(CryptoError) -> CASigningKey {
        CASigningKey(key: try ECC.PrivateKey.generate(curve: .nistP256))
    }

    /// The SubjectPublicKeyInfo, DER.
    func subjectPublicKeyInfo() throws -> [UInt8] {
        try PEMDocument(pemString: try key.publicKey.pem()).derBytes
    }

    var publicKey: Certificate.PublicKey {
        // The key was checked on the curve when it was made; its PEM always parses.
        do { return try Certificate.PublicKey(pemEncoded: try key.publicKey.pem()) }
        catch { fatalError("a P-256 public key TrustCrypto made did not parse: \(error)") }
    }

    var defaultSignatureAlgorithm: Certificate.SignatureAlgorithm { .ecdsaWithSHA256 }
    var supportedSignatureAlgorithms: [Certificate.SignatureAlgorithm] { [.ecdsaWithSHA256] }

    func signSynchronously(bytes: some DataProtocol,
                           signatureAlgorithm: Certificate.SignatureAlgorithm) throws -> Certificate.Signature {
        guard signatureAlgorithm == .ecdsaWithSHA256 else {
            throw ProvisioningError.certificate("the manufacturer CA signs with ecdsa-with-SHA256 only, not \(signatureAlgorithm)")
        }
        return try Certificate.Signature(signatureAlgorithm: .ecdsaWithSHA256,
                                         signatureBytes: ASN1BitString(bytes: signatureValue(Array(bytes))[...]))
    }

    /// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2.3) over SHA-256(bytes).
    func signatureValue(_ bytes: [UInt8]) throws -> [UInt8] {
        let (r, s) = try key.signECDSA(digest: Hash.digest(.sha256, bytes))
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(r[...])
            try coder.serialize(s[...])
        }
        return coder.serializedBytes
    }

    static func == (lhs: CASigningKey, rhs: CASigningKey) -> Bool { lhs.key.publicKey == rhs.key.publicKey }

    func hash(into hasher: inout Hasher) {
        hasher.combine(key.publicKey.point.x)
        hasher.combine(key.publicKey.point.y)
    }
}

extension CASigningKey: PEMParseable {
    static var defaultPEMDiscriminator: String { "EC PRIVATE KEY" }

    /// ECPrivateKey (RFC 5915 §3): version 1, the scalar, the named curve, the public point.
    func serialize(into coder: inout DER.Serializer) throws {
        let point = key.publicKey.point
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.serialize(ASN1OctetString(contentBytes: key.scalar[...]))
            try coder.serialize(ASN1ObjectIdentifier.NamedCurves.secp256r1,
                                explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
            try coder.serialize(ASN1BitString(bytes: ([0x04] + point.x + point.y)[...]),
                                explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific)
        }
    }

    init(derEncoded node: ASN1Node) throws {
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
                throw ProvisioningError.store("the CA key is not a P-256 ECPrivateKey")
            }
            return CASigningKey(key: try ECC.PrivateKey(curve: .nistP256, scalar: Array(scalar.bytes)))
        }
    }
}
