import SwiftASN1
import TPMTypes

/// The caller's part of a TBSCertificate for TPM2_CertifyX509 (Part 3 §18.8): a DER SEQUENCE
/// holding, in order, the signature AlgorithmIdentifier (optional), issuer, validity, subject
/// and the [3] extensions. The TPM adds version, serialNumber, the AlgorithmIdentifier when it
/// was left out, and subjectPublicKeyInfo. Each element keeps its DER exactly as sent: the
/// TBSCertificate is hashed over those bytes.
///
/// What is refused follows the reference implementation (CertifyX509.c, X509_spt.c):
/// TPM_RC_SIZE when the parameter is not one DER SEQUENCE (ours: any DER the parser refuses,
/// which the reference splits between SIZE for the outer framing and VALUE inside it);
/// TPM_RC_VALUE for another element (issuerUniqueID and subjectUniqueID included), fewer than
/// three or more than four SEQUENCEs, no or two extensions, no KeyUsage extension, or an
/// extension value that is not a BIT STRING of at most 32 bits.
struct PartialCertificate {
    var signatureAlgorithm: ArraySlice<UInt8>?
    var issuer: ArraySlice<UInt8>
    var validity: ArraySlice<UInt8>
    var subject: ArraySlice<UInt8>
    var extensions: ArraySlice<UInt8>
    /// X.509 KeyUsage bits, left-justified: digitalSignature is bit 31 (TPMA_X509_KEY_USAGE).
    var keyUsage: UInt32
    /// The TCG TPMA_OBJECT extension (2.23.133.10.1.1.1), left-justified the same way.
    var objectAttributes: UInt32?

    static let extensionsTag = ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific)
    static let keyUsageOID: ASN1ObjectIdentifier = [2, 5, 29, 15]
    static let tpmaObjectOID: ASN1ObjectIdentifier = [2, 23, 133, 10, 1, 1, 1]

    /// Why a partial certificate is refused; CertifyX509 adds the parameter number.
    enum Refusal: Error {
        case notOneSequence
        case malformed
    }

    init(der: [UInt8]) throws(Refusal) {
        let root: ASN1Node
        do { root = try DER.parse(der) } catch { throw .notOneSequence }
        guard root.identifier == .sequence, case .constructed(let elements) = root.content else {
            throw .notOneSequence
        }
        var sequences: [ASN1Node] = []
        var extensionsNode: ASN1Node?
        for element in elements {
            if element.identifier == .sequence, case .constructed = element.content {
                sequences.append(element)
            } else if element.identifier == Self.extensionsTag, case .constructed = element.content,
                extensionsNode == nil
            {
                extensionsNode = element
            } else {
                throw .malformed
            }
        }
        guard (3...4).contains(sequences.count), let extensionsNode else { throw .malformed }
        signatureAlgorithm = sequences.count == 4 ? sequences[0].encodedBytes : nil
        issuer = sequences[sequences.count - 3].encodedBytes
        validity = sequences[sequences.count - 2].encodedBytes
        subject = sequences[sequences.count - 1].encodedBytes
        extensions = extensionsNode.encodedBytes
        let found = try Self.extensionBits(in: extensionsNode, [Self.tpmaObjectOID, Self.keyUsageOID])
        guard let keyUsage = found[Self.keyUsageOID] else { throw .malformed }
        self.keyUsage = keyUsage
        objectAttributes = found[Self.tpmaObjectOID]
    }

    /// The BIT STRING values of the first extension with each wanted OID. Every entry of the
    /// SEQUENCE OF must be a SEQUENCE (the reference stops there otherwise).
    private static func extensionBits(in extensions: ASN1Node, _ wanted: [ASN1ObjectIdentifier]) throws(Refusal)
        -> [ASN1ObjectIdentifier: UInt32]
    {
        guard case .constructed(let wrapped) = extensions.content, let list = Array(wrapped).first,
            list.identifier == .sequence, case .constructed(let entries) = list.content
        else { throw .malformed }
        var found: [ASN1ObjectIdentifier: UInt32] = [:]
        for entry in entries {
            guard entry.identifier == .sequence, case .constructed(let fields) = entry.content else { throw .malformed }
            guard let first = Array(fields).first, let oid = try? ASN1ObjectIdentifier(derEncoded: first),
                wanted.contains(oid), found[oid] == nil
            else { continue }
            guard let value = fields.first(where: { $0.identifier == .octetString }),
                let octets = try? ASN1OctetString(derEncoded: value)
            else { throw .malformed }
            found[oid] = try leftJustifiedBits(octets.bytes)
        }
        return found
    }

    /// A DER BIT STRING of at most 32 bits as a UInt32 whose first bit is bit 31.
    private static func leftJustifiedBits(_ der: ArraySlice<UInt8>) throws(Refusal) -> UInt32 {
        guard let node = try? DER.parse(der), let bits = try? ASN1BitString(derEncoded: node), bits.bytes.count <= 4
        else {
            throw .malformed
        }
        return bits.bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (24 - 8 * $1.offset) }
    }
}

extension PartialCertificate {
    /// TPMA_X509_KEY_USAGE bits (Part 2 §8.12), left-justified as `keyUsage` holds them.
    enum KeyUsage {
        static let digitalSignature: UInt32 = 1 << 31
        static let nonRepudiation: UInt32 = 1 << 30
        static let keyEncipherment: UInt32 = 1 << 29
        static let dataEncipherment: UInt32 = 1 << 28
        static let keyAgreement: UInt32 = 1 << 27
        static let keyCertSign: UInt32 = 1 << 26
        static let cRLSign: UInt32 = 1 << 25
        static let encipherOnly: UInt32 = 1 << 24
        static let decipherOnly: UInt32 = 1 << 23
        static let signing = digitalSignature | keyCertSign | cRLSign
        static let decrypting = keyEncipherment | dataEncipherment | keyAgreement | encipherOnly | decipherOnly
    }

    /// Whether the key's attributes allow what KeyUsage claims: signing uses need `sign`,
    /// decryption uses `decrypt`, nonRepudiation `fixedTPM` and keyAgreement `restricted`
    /// (the reference implementation's X509ProcessExtensions).
    func keyUsageFits(_ attributes: TPMObjectAttributes) -> Bool {
        let fits = [
            (KeyUsage.signing, TPMObjectAttributes.sign), (KeyUsage.decrypting, .decrypt),
            (KeyUsage.nonRepudiation, .fixedTPM), (KeyUsage.keyAgreement, .restricted),
        ]
        return fits.allSatisfy { usage, needed in keyUsage & usage == 0 || attributes.contains(needed) }
    }
}
