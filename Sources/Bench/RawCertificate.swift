import SwiftASN1
import TrustCrypto

/// An X.509 certificate read with swift-asn1 alone, for the EK certificates whose key
/// swift-certificates cannot hold (SM2): the signed TBSCertificate, its issuer and subject
/// key, and an ECDSA signature. Enough for a verifier to check the key and the CA's signature.
struct RawCertificate {
    var tbs: [UInt8]
    var issuer: [UInt8]
    var subject: [UInt8]
    /// The curve OID of an EC SubjectPublicKeyInfo, and its key bits (04 || x || y).
    var keyCurve: ASN1ObjectIdentifier?
    var subjectKey: [UInt8]
    var signature: (r: [UInt8], s: [UInt8])

    init(der: [UInt8]) throws {
        let root = try DER.parse(der)
        (tbs, issuer, subject, keyCurve, subjectKey, signature) = try DER.sequence(root, identifier: .sequence) {
            nodes in
            guard let tbsNode = nodes.next(), nodes.next() != nil, let signatureNode = nodes.next() else {
                throw CaseFailure("the certificate is not a SEQUENCE of three")
            }
            let (issuer, subject, curve, key) = try DER.sequence(tbsNode, identifier: .sequence) { fields in
                var field = fields.next()
                if field?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                    field = fields.next()
                }  // version
                _ = fields.next()  // signature algorithm (after the serial)
                guard let issuerNode = fields.next(), fields.next() != nil,  // validity
                    let subjectNode = fields.next(), let spki = fields.next()
                else { throw CaseFailure("a short TBSCertificate") }
                let (curve, key) = try DER.sequence(spki, identifier: .sequence) { parts in
                    guard let algorithm = parts.next(), let bits = parts.next() else {
                        throw CaseFailure("a short SubjectPublicKeyInfo")
                    }
                    let curve = try DER.sequence(algorithm, identifier: .sequence) { ids in
                        _ = ids.next()
                        return try ids.next().map { try ASN1ObjectIdentifier(derEncoded: $0) }
                    }
                    return (curve, Array(try ASN1BitString(derEncoded: bits).bytes))
                }
                while fields.next() != nil {}  // unique IDs, extensions
                return (Array(issuerNode.encodedBytes), Array(subjectNode.encodedBytes), curve, key)
            }
            let signatureBits = try ASN1BitString(derEncoded: signatureNode).bytes
            let signature = try DER.sequence(try DER.parse(signatureBits), identifier: .sequence) { ints in
                guard let r = ints.next(), let s = ints.next() else { throw CaseFailure("a short ECDSA signature") }
                return (Array(try ArraySlice<UInt8>(derEncoded: r)), Array(try ArraySlice<UInt8>(derEncoded: s)))
            }
            return (Array(tbsNode.encodedBytes), issuer, subject, curve, key, signature)
        }
    }

    /// Whether `self` is signed (ecdsa-with-SHA256) by the P-256 key of `issuerCertificate`.
    func isSigned(by issuerCertificate: RawCertificate) -> Bool {
        guard issuerCertificate.keyCurve == ASN1ObjectIdentifier.NamedCurves.secp256r1,
            issuerCertificate.subjectKey.count == 65,
            let key = try? ECC.PublicKey(
                curve: .nistP256,
                point: ECCPoint(
                    x: Array(issuerCertificate.subjectKey[1...32]),
                    y: Array(issuerCertificate.subjectKey[33...])))
        else { return false }
        guard let digest = try? Hash.digest(.sha256, tbs) else { return false }
        return key.isValidECDSASignature(r: signature.r, s: signature.s, digest: digest)
    }
}
