import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// What an EK certificate says about the chip (TCG EK Credential Profile 2.x §3.2.9 and §3.2.16),
/// read from the TPM's own properties by the provisioning station.
struct TPMIdentity: Equatable {
    /// TPM_PT_MANUFACTURER, the four-character vendor ID.
    var manufacturer: UInt32
    /// TPM_PT_VENDOR_STRING_1…4 run together, trailing spaces and NULs dropped.
    var model: String
    /// TPM_PT_FIRMWARE_VERSION_1.
    var firmwareVersion: UInt32
    /// TPM_PT_LEVEL and TPM_PT_REVISION (the revision times 100: 159 for 1.59).
    var specLevel: UInt32
    var specRevision: UInt32
}

extension ManufacturerCA {
    /// An EK certificate as the TCG EK Credential Profile describes it: an empty subject with the
    /// TPM's identity in a critical subjectAltName, key usage by key type, the TPM specification
    /// in subjectDirectoryAttributes and the tcg-kp-EKCertificate extended key usage.
    ///
    /// Returns the DER. X509 holds no SM2 key, so for one it builds the certificate around the
    /// CA's own key, puts the EK's SubjectPublicKeyInfo in its place in the TBSCertificate
    /// (element 7, RFC 5280 §4.1) and signs the result; every other field is X509's.
    func issueEKCertificate(
        kind: EndorsementKeyKind, subjectPublicKeyInfo: [UInt8],
        tpm: TPMIdentity, now: Date = Date()
    ) throws(ProvisioningError) -> [UInt8] {
        do {
            let representable = try? Certificate.PublicKey(derEncoded: DER.parse(subjectPublicKeyInfo))
            let certificate = try issueEKCertificate(
                kind: kind, subjectPublicKey: representable ?? signingKey.publicKey,
                tpm: tpm, now: now)
            var coder = DER.Serializer()
            try coder.serialize(certificate)
            guard representable == nil else { return coder.serializedBytes }
            let tbs = try DER.sequence(DER.parse(certificate.tbsCertificateBytes), identifier: .sequence) { nodes in
                var tbs = DER.Serializer()
                tbs.appendConstructedNode(identifier: .sequence) { fields in
                    var index = 0
                    while let node = nodes.next() {
                        fields.serializeRawBytes(index == 6 ? subjectPublicKeyInfo[...] : node.encodedBytes)
                        index += 1
                    }
                }
                return tbs.serializedBytes
            }
            let algorithm = try DER.sequence(DER.parse(coder.serializedBytes), identifier: .sequence) { nodes in
                var parts: [ASN1Node] = []  // tbsCertificate, signatureAlgorithm, signatureValue
                while let node = nodes.next() { parts.append(node) }
                guard parts.count == 3 else {
                    throw ProvisioningError.certificate("X509 wrote a certificate of \(parts.count) parts")
                }
                return parts[1].encodedBytes
            }
            var signed = DER.Serializer()
            try signed.appendConstructedNode(identifier: .sequence) { parts in
                parts.serializeRawBytes(tbs[...])
                parts.serializeRawBytes(algorithm)
                try parts.serialize(ASN1BitString(bytes: try signingKey.signatureValue(tbs)[...]))
            }
            return signed.serializedBytes
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw .certificate("the \(kind.rawValue) EK certificate: \(error)")
        }
    }

    private func issueEKCertificate(
        kind: EndorsementKeyKind, subjectPublicKey: Certificate.PublicKey,
        tpm: TPMIdentity, now: Date
    ) throws(ProvisioningError) -> Certificate {
        do {
            let tpmName = DistinguishedName([
                RelativeDistinguishedName(
                    .init(
                        type: TCGOID.tpmManufacturer,
                        utf8String: "id:" + String(format: "%08X", tpm.manufacturer))),
                RelativeDistinguishedName(.init(type: TCGOID.tpmModel, utf8String: tpm.model)),
                RelativeDistinguishedName(
                    .init(
                        type: TCGOID.tpmVersion,
                        utf8String: "id:" + String(format: "%08X", tpm.firmwareVersion))),
            ])
            let usage = kind == .rsa2048 ? KeyUsage(keyEncipherment: true) : KeyUsage(keyAgreement: true)
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(usage)
                Critical(SubjectAlternativeNames([.directoryName(tpmName)]))
                AuthorityKeyIdentifier(keyIdentifier: try keyIdentifier[...])
                try ExtendedKeyUsage([ExtendedKeyUsage.Usage(oid: TCGOID.ekCertificateUsage)])
                try Self.tpmSpecificationAttribute(tpm)
            }
            return try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: subjectPublicKey,
                notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: Self.noExpiry,
                issuer: certificate.subject, subject: DistinguishedName(), signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(signingKey))
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw .certificate("the \(kind.rawValue) EK certificate: \(error)")
        }
    }

    /// subjectDirectoryAttributes (RFC 5280 §4.2.1.8) holding tcg-at-tpmSpecification:
    /// SEQUENCE { family UTF8String "2.0", level INTEGER, revision INTEGER }.
    static func tpmSpecificationAttribute(_ tpm: TPMIdentity) throws -> Certificate.Extension {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { attributes in
            try attributes.appendConstructedNode(identifier: .sequence) { attribute in
                try attribute.serialize(TCGOID.tpmSpecification)
                try attribute.appendConstructedNode(identifier: .set) { values in
                    try values.appendConstructedNode(identifier: .sequence) { specification in
                        try specification.serialize(ASN1UTF8String("2.0"))
                        try specification.serialize(Int(tpm.specLevel))
                        try specification.serialize(Int(tpm.specRevision))
                    }
                }
            }
        }
        return Certificate.Extension(
            oid: TCGOID.subjectDirectoryAttributes, critical: false,
            value: coder.serializedBytes[...])
    }
}

/// Object identifiers of the TCG (2.23.133) and RFC 5280 that X509 does not name.
enum TCGOID {
    static let tpmManufacturer: ASN1ObjectIdentifier = [2, 23, 133, 2, 1]
    static let tpmModel: ASN1ObjectIdentifier = [2, 23, 133, 2, 2]
    static let tpmVersion: ASN1ObjectIdentifier = [2, 23, 133, 2, 3]
    static let tpmSpecification: ASN1ObjectIdentifier = [2, 23, 133, 2, 16]
    static let ekCertificateUsage: ASN1ObjectIdentifier = [2, 23, 133, 8, 1]
    static let subjectDirectoryAttributes: ASN1ObjectIdentifier = [2, 5, 29, 9]
}
