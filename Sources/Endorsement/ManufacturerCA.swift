import Certificates
import DeviceStore
import Foundation
import SwiftASN1
import TrustCrypto
import X509

/// The emulated TPM manufacturer's certificate authority: one per TPM state, made when the TPM
/// is manufactured, kept beside the TPM's own records so every EK certificate of that state
/// chains to it. Verifiers get its certificate from `serve tpm --export-ca FILE`.
public struct ManufacturerCA {
    /// Record in the TPM's DeviceStore: the CA key then its certificate, both PEM.
    public static let record = "ek-ca"

    let signingKey: ECDSASigningKey
    public let certificate: Certificate

    /// RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date", which the
    /// TCG EK Credential Profile recommends for certificates that live as long as the chip.
    static let noExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    /// A new self-signed CA: ECDSA P-256, named after its own key so two states never share a name.
    static func create(now: Date = Date()) throws(ProvisioningError) -> ManufacturerCA {
        do {
            let key = try ECDSASigningKey.generate()
            let keyID = try keyIdentifier(subjectPublicKeyInfo: key.subjectPublicKeyInfo())
            let name = try DistinguishedName {
                OrganizationName("TrustBench")
                OrganizationalUnitName("Emulated TPM manufacturer")
                CommonName("TrustBench EK CA " + keyID.prefix(4).map { String(format: "%02X", $0) }.joined())
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(keyIdentifier: keyID[...])
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: noExpiry,
                issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions, issuerPrivateKey: Certificate.PrivateKey(key))
            return ManufacturerCA(signingKey: key, certificate: certificate)
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw .certificate("the CA certificate: \(error)")
        }
    }

    /// The CA of this TPM state, or nil when the state was made without EK certificates.
    /// - Parameter store: the TPM state's store, which keeps the CA in its `ek-ca` record.
    /// - Returns: the CA's key and certificate, or nil when the store has no `ek-ca` record.
    public static func load(from store: DeviceStore) throws(ProvisioningError) -> ManufacturerCA? {
        let bytes: [UInt8]?
        do { bytes = try store.read(record) } catch { throw .store(error.description) }
        guard let bytes else { return nil }
        do {
            let documents = try PEMDocument.parseMultiple(pemString: String(decoding: bytes, as: UTF8.self))
            guard documents.count == 2 else {
                throw ProvisioningError.store(
                    "record \(record) should hold a key and a certificate; restore the state folder from a backup")
            }
            return ManufacturerCA(
                signingKey: try ECDSASigningKey(pemDocument: documents[0]),
                certificate: try Certificate(pemDocument: documents[1]))
        } catch let error as ProvisioningError {
            throw error
        } catch {
            throw .store("record \(record) is damaged (\(error)); restore the state folder from a backup")
        }
    }

    func save(to store: DeviceStore) throws(ProvisioningError) {
        let text: String
        do {
            text = try signingKey.serializeAsPEM().pemString + "\n" + certificatePEM()
        } catch {
            throw .store("\(error)")
        }
        do { try store.write(Self.record, Array(text.utf8)) } catch { throw .store(error.description) }
    }

    /// The CA certificate as verifiers want it (`openssl verify -CAfile`).
    /// - Returns: the certificate PEM-encoded, ending in a newline.
    public func certificatePEM() throws(ProvisioningError) -> String {
        do { return try certificate.serializeAsPEM().pemString + "\n" } catch { throw .certificate("\(error)") }
    }

    var keyIdentifier: [UInt8] {
        get throws {
            guard let ski = try certificate.extensions.subjectKeyIdentifier else {
                throw ProvisioningError.certificate("the CA certificate has no subject key identifier")
            }
            return Array(ski.keyIdentifier)
        }
    }

    /// RFC 7093 §2 method 1 applied to the whole SubjectPublicKeyInfo: the leftmost 160 bits of
    /// its SHA-256 (RFC 5280's SHA-1 method would need SHA-1 for no security gain).
    static func keyIdentifier(subjectPublicKeyInfo: [UInt8]) throws -> [UInt8] {
        Array(try Hash.digest(.sha256, subjectPublicKeyInfo).prefix(20))
    }
}
