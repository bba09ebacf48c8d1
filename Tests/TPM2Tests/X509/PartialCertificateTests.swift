import SwiftASN1
import TPMTypes
import Testing

@testable import TPM2

/// What CertifyX509 accepts as partialCertificate, built here with swift-asn1 element by element.
@Suite struct PartialCertificateTests {
    static func der(_ build: (inout DER.Serializer) throws -> Void) rethrows -> [UInt8] {
        var coder = DER.Serializer()
        try build(&coder)
        return coder.serializedBytes
    }

    /// A Name with one commonName.
    static func name(_ cn: String) throws -> [UInt8] {
        try der { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .set) { coder in
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(ASN1ObjectIdentifier(arrayLiteral: 2, 5, 4, 3))
                        try coder.serialize(ASN1UTF8String(cn))
                    }
                }
            }
        }
    }

    static let validity: [UInt8] = {
        var coder = DER.Serializer()
        try? coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(UTCTime(year: 2026, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0))
            try coder.serialize(UTCTime(year: 2036, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0))
        }
        return coder.serializedBytes
    }()

    static func extensions(_ entries: [(ASN1ObjectIdentifier, ASN1BitString)]) throws -> [UInt8] {
        try der { coder in
            try coder.serialize(explicitlyTaggedWithTagNumber: 3, tagClass: .contextSpecific) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    for (oid, bits) in entries {
                        let value = try der { try $0.serialize(bits) }
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(oid)
                            try coder.serialize(true)
                            try coder.serialize(ASN1OctetString(contentBytes: ArraySlice(value)))
                        }
                    }
                }
            }
        }
    }

    /// KeyUsage digitalSignature | keyCertSign (bits 0 and 5: 0x84, two unused bits).
    static let signingUsage = ASN1BitString(bytes: [0x84], paddingBits: 2)

    static func sequence(_ parts: [[UInt8]]) -> [UInt8] {
        der { coder in
            coder.appendConstructedNode(identifier: .sequence) { for part in parts { $0.serializeRawBytes(part) } }
        }
    }

    static func standard(extensions: [UInt8]? = nil) throws -> [[UInt8]] {
        [
            try name("Issuer"), validity, try name("Subject"),
            try extensions ?? Self.extensions([(PartialCertificate.keyUsageOID, signingUsage)]),
        ]
    }

    @Test("issuer, validity, subject and extensions; KeyUsage left-justified; elements kept byte for byte")
    func accepted() throws {
        let parts = try Self.standard()
        let partial = try PartialCertificate(der: Self.sequence(parts))
        #expect(partial.signatureAlgorithm == nil)
        #expect(
            Array(partial.issuer) == parts[0] && Array(partial.subject) == parts[2]
                && Array(partial.extensions) == parts[3])
        #expect(partial.keyUsage == 0x8400_0000 && partial.objectAttributes == nil)

        let algorithm = try Self.der { coder in
            try coder.appendConstructedNode(identifier: .sequence) {
                try $0.serialize(ASN1ObjectIdentifier(arrayLiteral: 1, 2, 840, 10045, 4, 3, 2))
            }
        }
        let attributes = ASN1BitString(bytes: [0x00, 0x04, 0x00, 0x72])
        let withAll = try PartialCertificate(
            der: Self.sequence(
                [algorithm] + parts.prefix(3) + [
                    try Self.extensions([
                        (PartialCertificate.tpmaObjectOID, attributes),
                        (PartialCertificate.keyUsageOID, Self.signingUsage),
                    ])
                ]))
        #expect(withAll.signatureAlgorithm.map(Array.init) == algorithm)
        #expect(withAll.objectAttributes == 0x0004_0072)
    }

    @Test("refused as not one SEQUENCE (TPM_RC_SIZE): truncated, trailing bytes, another outer tag")
    func notOneSequence() throws {
        let good = Self.sequence(try Self.standard())
        for bad in [Array(good.dropLast()), good + [0], [0x31] + good.dropFirst(), []] {
            #expect(throws: PartialCertificate.Refusal.notOneSequence) { try PartialCertificate(der: bad) }
        }
    }

    @Test("refused as malformed (TPM_RC_VALUE)")
    func malformed() throws {
        let parts = try Self.standard()
        let uniqueID = try Self.der {
            try $0.serialize(ASN1BitString(bytes: [1]), explicitlyTaggedWithTagNumber: 1, tagClass: .contextSpecific)
        }
        let noKeyUsage = try Self.extensions([
            (PartialCertificate.tpmaObjectOID, ASN1BitString(bytes: [0, 0, 0, 0x72]))
        ])
        let longBits = try Self.extensions([(PartialCertificate.keyUsageOID, ASN1BitString(bytes: [0x80, 0, 0, 0, 0]))])
        let cases: [String: [[UInt8]]] = [
            "two SEQUENCEs": [parts[0], parts[1], parts[3]],
            // swtpm (libtpms) accepts five; the reference allows at most four.
            "five SEQUENCEs": [parts[0], parts[0]] + parts,
            "no extensions": Array(parts.prefix(3)),
            "extensions twice": parts + [parts[3]],
            "an issuerUniqueID": Array(parts.prefix(3)) + [uniqueID, parts[3]],
            "no KeyUsage": Array(parts.prefix(3)) + [noKeyUsage],
            "KeyUsage longer than 32 bits": Array(parts.prefix(3)) + [longBits],
        ]
        for (name, elements) in cases {
            #expect(throws: PartialCertificate.Refusal.malformed, "\(name)") {
                try PartialCertificate(der: Self.sequence(elements))
            }
        }
    }

    @Test(
        "KeyUsage against the key: signing needs sign, decryption decrypt, nonRepudiation fixedTPM, keyAgreement restricted"
    )
    func keyUsageFits() throws {
        func fits(_ usage: UInt32, _ attributes: TPMObjectAttributes) throws -> Bool {
            var partial = try PartialCertificate(der: Self.sequence(try Self.standard()))
            partial.keyUsage = usage
            return partial.keyUsageFits(attributes)
        }
        typealias Usage = PartialCertificate.KeyUsage
        #expect(try fits(Usage.digitalSignature | Usage.cRLSign, [.sign]))
        #expect(try !fits(Usage.keyCertSign, [.decrypt]))
        #expect(try fits(Usage.keyEncipherment | Usage.decipherOnly, [.decrypt]))
        #expect(try !fits(Usage.dataEncipherment, [.sign]))
        #expect(try !fits(Usage.nonRepudiation, [.sign]))
        #expect(try fits(Usage.nonRepudiation, [.sign, .fixedTPM]))
        #expect(try !fits(Usage.keyAgreement, [.decrypt]))
        #expect(try fits(Usage.keyAgreement, [.decrypt, .restricted]))
    }
}
