import Certificates
import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// Yubico ATTEST (INS F9): P1 a slot, P2 00; answers an X.509 certificate (DER) for the slot's
/// public key, signed by the card's attestation key (slot F9), whose own certificate is object
/// 5FFF01. It proves the key was generated inside this card: an imported key is refused. The
/// certificate carries Yubico's extensions under 1.3.6.1.4.1.41482.3: .3 firmware version, .7
/// serial number, .8 PIN and touch policy.
enum PIVAttestation {
    static let firmwareOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 41482, 3, 3]
    static let serialOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 41482, 3, 7]
    static let policyOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 41482, 3, 8]
    /// Yubico's object for the attestation key's certificate.
    static let certificateTag: UInt32 = 0x5FFF01
    /// RFC 5280 §4.1.2.5: no well-defined expiry, as the attestation key lives as long as the card.
    static let noExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    /// A new card's attestation key (P-256) in slot F9 and its self-signed CA certificate in
    /// 5FFF01, named after the card's serial number. Without them (a failure that OpenSSL
    /// never gives in practice) ATTEST answers 6A88.
    static func provision(_ state: inout PIVState, serial: UInt32, version: [UInt8]) {
        do {
            let key = try ECDSASigningKey.generate()
            let name = try DistinguishedName {
                OrganizationName("TrustBench")
                CommonName("TrustBench PIV Attestation \(serial)")
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
                Certificate.Extension(oid: firmwareOID, critical: false, value: version[...])
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: Date().addingTimeInterval(-86_400), notValidAfter: noExpiry,
                issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(key))
            state.keys[PIVSlot.attestation] = PIVKey(
                key: CardKey(reference: PIVSlot.attestation, kind: .ecP256, material: .ec(scalar: key.key.scalar)),
                pinPolicy: .never, touchPolicy: .never, origin: .generated)
            state.objects[certificateTag] = certificateObject(try der(certificate))
        } catch {
            state.keys[PIVSlot.attestation] = nil
        }
    }

    /// A certificate as PIV stores it (SP 800-73-4 Part 1 Table 10): 70 the certificate, 71 the
    /// CertInfo byte (00: not compressed), FE the error-detection code.
    static func certificateObject(_ certificate: [UInt8]) -> [UInt8] {
        BERTLV.encode(0x53, BERTLV.encode(0x70, certificate) + BERTLV.encode(0x71, [0x00]) + BERTLV.encode(0xFE, []))
    }

    /// 6A86 P1 not a key slot or P2 not 00; 6A88 an empty slot or no attestation key; 6985 a
    /// key that was imported; 6984 a certificate that could not be built (an attestation key
    /// or certificate the card cannot use).
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == 0x00, PIVSlot.keySlots.contains(apdu.p1), apdu.p1 != PIVSlot.attestation else {
            throw .incorrectP1P2
        }
        try apdu.requireNoData()
        let piv = card.piv
        let application = try card.pivApplication()
        guard let stored = piv.keys[apdu.p1], let material = stored.key.material else { throw .referencedDataNotFound }
        guard stored.origin == .generated else { throw .conditionsOfUseNotSatisfied }
        guard let attestation = piv.keys[PIVSlot.attestation], case .ec(let scalar)? = attestation.key.material,
            let issuer = issuerCertificate(piv)
        else { throw .referencedDataNotFound }
        do {
            let signingKey = ECDSASigningKey(key: try ECC.PrivateKey(curve: .nistP256, scalar: scalar))
            let policy = [stored.effectivePinPolicy(apdu.p1).rawValue, stored.effectiveTouchPolicy.rawValue]
            var serial = DER.Serializer()
            try serial.serialize(Int(application.serial))
            let extensions = try Certificate.Extensions([
                Certificate.Extension(oid: firmwareOID, critical: false, value: application.version[...]),
                Certificate.Extension(oid: serialOID, critical: false, value: serial.serializedBytes[...]),
                Certificate.Extension(oid: policyOID, critical: false, value: policy[...]),
            ])
            let subject = try DistinguishedName {
                CommonName(String(format: "TrustBench PIV Attestation %02x", apdu.p1))
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(),
                publicKey: try publicKey(try card.loadedKey(material, kind: stored.key.kind)),
                notValidBefore: issuer.notValidBefore, notValidAfter: issuer.notValidAfter,
                issuer: issuer.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(signingKey))
            return CardResponse(data: try der(certificate))
        } catch {
            throw .referenceDataNotUsable
        }
    }

    private static func issuerCertificate(_ piv: PIVState) -> Certificate? {
        guard let object = piv.objects[certificateTag], let outer = BERTLV.parse(object), outer.first?.tag == 0x53,
            let inner = BERTLV.parse(outer[0].value), let der = BERTLV.value(0x70, in: inner)
        else { return nil }
        return try? Certificate(derEncoded: der)
    }

    private static func publicKey(_ key: LoadedKey) throws -> Certificate.PublicKey {
        switch key {
        case .rsa(let rsa): try Certificate.PublicKey(pemEncoded: try rsa.publicKey.pem())
        case .ec(let ec): try Certificate.PublicKey(pemEncoded: try ec.publicKey.pem())
        case .secret: throw StatusWord.referenceDataNotUsable
        }
    }

    private static func der(_ certificate: Certificate) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.serialize(certificate)
        return coder.serializedBytes
    }
}
