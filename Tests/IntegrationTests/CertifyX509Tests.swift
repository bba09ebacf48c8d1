import Foundation
import SwiftASN1
import TPM2
import TPMTypes
import Testing
import TrustCrypto

/// TPM2_CertifyX509 as a certificate verifier sees it: tpm2_certifyX509certutil writes the
/// partial certificate (issuer, validity, subject, KeyUsage), the emulator in this process
/// completes it, and the test puts partialCertificate and addedToCertificate back together in
/// TBSCertificate order, adds the signature, and hands the result to openssl: `x509 -text`
/// must parse it, `verify` must accept its signature under the signing key (as a partial-chain
/// trust anchor), and tbsDigest must be SHA-256 of the reassembled TBSCertificate.
@Suite(
    .serialized,
    .enabled(
        if: Peers.isInstalled("tpm2_certifyX509certutil") && Peers.isInstalled("openssl"),
        "tpm2-tools and openssl are needed"))
struct CertifyX509Tests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-x509-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    @discardableResult
    private func run(_ tool: String, _ args: [String]) throws -> Peers.Result {
        let result = try Peers.run(tool, args)
        #expect(result.status == 0, "\(tool) \(args.joined(separator: " ")): \(result.error)")
        return result
    }

    static let rsaSigningTemplate = TPMPublic(
        type: .rsa, nameAlg: .sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .noDA, .sign],
        parameters: .rsa(symmetric: .null, scheme: .null, keyBits: 2048, exponent: 0), unique: .rsa([]))

    /// The DER elements of a SEQUENCE, each with its tag and length.
    static func elements(_ der: [UInt8]) throws -> [[UInt8]] {
        guard case .constructed(let nodes) = try DER.parse(der).content else {
            throw TestFailure("not a constructed element")
        }
        return nodes.map { Array($0.encodedBytes) }
    }

    static func sequence(_ parts: [[UInt8]]) -> [UInt8] {
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: .sequence) { coder in
            for part in parts { coder.serializeRawBytes(part) }
        }
        return coder.serializedBytes
    }

    /// One certificate to make: the certified key, the signing key and the scheme the TPM signs with.
    struct Pairing: CustomTestStringConvertible, Sendable {
        var object: TPMPublic
        var signer: TPMPublic
        var scheme: TPMScheme
        var expectedText: [String]
        var testDescription: String { expectedText.joined(separator: ", ") }
    }

    static func eccTemplate(_ curve: TPMECCCurve) -> TPMPublic {
        var template = InProcessTPM.eccTemplate([.sign])
        template.parameters = .ecc(symmetric: .null, scheme: .null, curve: curve, kdf: .null)
        return template
    }

    static let pairings = [
        Pairing(
            object: rsaSigningTemplate,
            signer: InProcessTPM.eccTemplate([.sign], scheme: TPMScheme(.ecdsa, hash: .sha256)),
            scheme: TPMScheme(.ecdsa, hash: .sha256),
            expectedText: ["ecdsa-with-SHA256", "rsaEncryption", "Public-Key: (2048 bit)"]),
        Pairing(
            object: eccTemplate(.nistP384), signer: rsaSigningTemplate, scheme: TPMScheme(.rsapss, hash: .sha256),
            expectedText: ["rsassaPss", "Mask Algorithm: mgf1 with sha256", "Salt Length: 0x20", "NIST CURVE: P-384"]),
        Pairing(
            object: eccTemplate(.nistP256), signer: rsaSigningTemplate, scheme: TPMScheme(.rsassa, hash: .sha384),
            expectedText: ["sha384WithRSAEncryption", "id-ecPublicKey", "NIST CURVE: P-256"]),
    ]

    /// The signing key's public key as PEM, through TrustCrypto's encoder.
    static func pem(of publicArea: TPMPublic) throws -> String {
        switch (publicArea.parameters, publicArea.unique) {
        case (.rsa(_, _, _, let exponent), .rsa(let modulus)):
            return try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent).pem()
        case (.ecc(_, _, let curve, _), .ecc(let point)):
            guard let curve = curve.curve else { throw TestFailure("no curve") }
            return try ECC.PublicKey(curve: curve, point: ECCPoint(x: point.x, y: point.y)).pem()
        default:
            throw TestFailure("not an asymmetric key")
        }
    }

    /// The signature as X.509 carries it: RSA's octets, or ECDSA's DER SEQUENCE { r, s }.
    static func signatureValue(_ signature: TPMSignature) throws -> [UInt8] {
        switch signature.body {
        case .rsa(_, let value): return value
        case .ecc(_, let r, let s):
            var coder = DER.Serializer()
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(ArraySlice(r))
                try coder.serialize(ArraySlice(s))
            }
            return coder.serializedBytes
        default: throw TestFailure("CertifyX509 signed with \(signature)")
        }
    }

    private func readPublic(_ handle: TPMHandle, on tpm: InProcessTPM) throws -> TPMPublic {
        var r = TPMReader(tpm.send(.readPublic, handles: [handle], parameters: []).parameters)
        return try TPMPublic(sizedFrom: &r)
    }

    @Test("the reassembled certificate parses in openssl and verifies under the signing key", arguments: pairings)
    func reassembledCertificateVerifies(pairing: Pairing) throws {
        let tpm = try InProcessTPM()
        let signer = try tpm.createPrimary(pairing.signer)
        let object = try tpm.createPrimary(pairing.object)
        try run(
            "tpm2_certifyX509certutil",
            ["-o", path("partial.der"), "-d", "30", "-s", "C=US;O=TB;CN=Key", "-i", "C=US;O=TB;CN=Signer"])
        let partial = [UInt8](try Data(contentsOf: work.appendingPathComponent("partial.der")))

        var w = TPMWriter()
        w.writeSized([])
        pairing.scheme.marshal(into: &w)
        w.writeSized(partial)
        let response = tpm.send(.certifyX509, handles: [object, signer], authorized: 2, parameters: w.bytes)
        #expect(response.code == 0)
        var r = TPMReader(response.parameters)
        let added = try r.readSized(max: 1024)
        let tbsDigest = try r.readSized(max: 64)
        let signatureValue = try Self.signatureValue(try TPMSignature(from: &r))

        // addedToCertificate: version, serialNumber, signature AlgorithmIdentifier, subjectPublicKeyInfo.
        let ours = try Self.elements(added)
        let theirs = try Self.elements(partial)
        #expect(ours.count == 4 && theirs.count == 4)
        let tbs = Self.sequence([ours[0], ours[1], ours[2], theirs[0], theirs[1], theirs[2], ours[3], theirs[3]])
        guard let hash = pairing.scheme.hash.hashAlgorithm else { throw TestFailure("no hash") }
        #expect(try Hash.digest(hash, tbs) == tbsDigest)
        var signatureBits = DER.Serializer()
        try signatureBits.serialize(ASN1BitString(bytes: ArraySlice(signatureValue)))
        let certificate = Self.sequence([tbs, ours[2], signatureBits.serializedBytes])
        let certificateFile = try write(certificate, "cert.der")

        let text = try run("openssl", ["x509", "-inform", "der", "-in", certificateFile, "-noout", "-text"]).output
        #expect(text.contains("Version: 3 (0x2)"))
        #expect(
            text.contains("Subject: C = US, O = TB, CN = Key") && text.contains("Issuer: C = US, O = TB, CN = Signer"))
        #expect(text.contains("Digital Signature, Certificate Sign, CRL Sign"))
        for expected in pairing.expectedText { #expect(text.contains(expected), "\(expected) in \(text)") }

        // The key in the certificate is the object's public key.
        try Self.pem(of: try readPublic(object, on: tpm)).write(
            toFile: path("object.pem"), atomically: true, encoding: .utf8)
        let certifiedKey = try run("openssl", ["x509", "-inform", "der", "-in", certificateFile, "-noout", "-pubkey"])
            .output
        #expect(certifiedKey == (try String(contentsOfFile: path("object.pem"), encoding: .utf8)))

        // A trust anchor holding the signer's public key (its own signature does not matter under
        // -partial_chain): openssl checks the certificate's signature with that key.
        try Self.pem(of: try readPublic(signer, on: tpm)).write(
            toFile: path("signer.pem"), atomically: true, encoding: .utf8)
        try run(
            "openssl",
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("anchor.key")])
        try run(
            "openssl",
            [
                "req", "-x509", "-new", "-key", path("anchor.key"), "-subj", "/C=US/O=TB/CN=Signer", "-days", "30",
                "-out", path("anchor-self.pem"),
            ])
        try run(
            "openssl",
            [
                "x509", "-in", path("anchor-self.pem"), "-force_pubkey", path("signer.pem"),
                "-signkey", path("anchor.key"), "-out", path("anchor.pem"),
            ])
        try run("openssl", ["x509", "-inform", "der", "-in", certificateFile, "-out", path("cert.pem")])
        let verified = try Peers.run(
            "openssl", ["verify", "-partial_chain", "-trusted", path("anchor.pem"), path("cert.pem")])
        #expect(verified.status == 0 && verified.output.contains("OK"), "\(verified.output) \(verified.error)")
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }
}

extension CertifyX509Tests {
    static let keyUsageOID: ASN1ObjectIdentifier = [2, 5, 29, 15]
    static let basicConstraintsOID: ASN1ObjectIdentifier = [2, 5, 29, 19]
    static let tpmaObjectOID: ASN1ObjectIdentifier = [2, 23, 133, 10, 1, 1, 1]

    /// [3] { SEQUENCE OF Extension }, each extension's value a DER BIT STRING of `bits`.
    static func extensions(_ entries: [(ASN1ObjectIdentifier, [UInt8])]) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.serialize(explicitlyTaggedWithTagNumber: 3, tagClass: .contextSpecific) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                for (oid, bits) in entries {
                    var value = DER.Serializer()
                    try value.serialize(ASN1BitString(bytes: ArraySlice(bits)))
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(oid)
                        try coder.serialize(ASN1OctetString(contentBytes: ArraySlice(value.serializedBytes)))
                    }
                }
            }
        }
        return coder.serializedBytes
    }

    /// CertifyX509 with password sessions for both handles, as tpm2_send sends it.
    static func command(
        object: TPMHandle, signer: TPMHandle, reserved: [UInt8] = [], scheme: TPMScheme = .null,
        partial: [UInt8]
    ) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(reserved)
        scheme.marshal(into: &w)
        w.writeSized(partial)
        return InProcessTPM.command(.certifyX509, handles: [object, signer], authorized: 2, parameters: w.bytes)
    }

    /// libtpms numbers this command's handles the other way round (its CertifyX509_fp.h gives
    /// signHandle TPM_RC_H + 1 and objectHandle + 2); the reference implementation and we number
    /// them by position. swtpm's handle codes are compared after swapping 1 and 2.
    static func swappingHandles1And2(_ code: UInt32) -> UInt32 {
        let isHandleCode = code & 0x080 != 0 && code & 0x040 == 0 && code & 0x800 == 0
        let number = code >> 8 & 0xF
        guard isHandleCode, number == 1 || number == 2 else { return code }
        return code & ~0xF00 | (3 - number) << 8
    }

    @Test(
        "success and each refusal answer as swtpm answers, handle numbers aside",
        .enabled(if: Peers.isInstalled("swtpm")))
    func sameCodesAsSwtpm() throws {
        try run(
            "tpm2_certifyX509certutil",
            ["-o", path("parity.der"), "-d", "30", "-s", "C=US;O=TB;CN=Key", "-i", "C=US;O=TB;CN=Signer"])
        let partial = [UInt8](try Data(contentsOf: work.appendingPathComponent("parity.der")))
        let parts = try Self.elements(partial)
        func with(_ extensions: [(ASN1ObjectIdentifier, [UInt8])]) throws -> [UInt8] {
            Self.sequence(Array(parts.prefix(3)) + [try Self.extensions(extensions)])
        }
        let expected: [String: UInt32] = [
            "success": 0, "reserved not empty": 0x1D5, "partial certificate cut short": 0x3D5,
            "no KeyUsage extension": 0x3C4, "KeyUsage keyEncipherment on a signing-only key": 0x3C4,
            "TPMA_OBJECT extension unlike the object": 0x182, "an HMAC key as the object": 0x181,
            "a decryption key as the signer": 0x29C, "an ECDAA signer without an AlgorithmIdentifier": 0x292,
            "inScheme unlike the signer's": 0x2D2,
        ]
        try SwtpmParity.expectSameCodes(count: expected.count) { server, tag in
            func file(_ name: String) -> String { path("\(tag)-\(name)") }
            func persist(_ algorithm: String, _ handle: TPMHandle) throws {
                try server.succeed(
                    "tpm2_create",
                    [
                        "-C", file("primary.ctx"), "-G", algorithm, "-u", file("k.pub"), "-r", file("k.priv"), "-c",
                        file("k.ctx"),
                    ])
                try server.succeed(
                    "tpm2_evictcontrol", ["-C", "o", "-c", file("k.ctx"), "0x" + String(handle, radix: 16)])
            }
            try server.succeed("tpm2_createprimary", ["-C", "o", "-c", file("primary.ctx")])
            let signer: TPMHandle = 0x8100_0001
            let object: TPMHandle = 0x8100_0002
            let hmac: TPMHandle = 0x8100_0003
            let decrypter: TPMHandle = 0x8100_0004
            let ecdaa: TPMHandle = 0x8100_0005
            try persist("ecc256:ecdsa", signer)
            try persist("rsa2048:rsassa", object)
            try persist("hmac", hmac)
            try persist("rsa2048:oaep", decrypter)
            try persist("ecc256:ecdaa", ecdaa)
            func send(_ bytes: [UInt8]) throws -> UInt32? { try server.sendRaw(bytes, responseFile: file("response")) }
            var codes: [String: UInt32?] = [:]
            codes["success"] = try send(Self.command(object: object, signer: signer, partial: partial))
            codes["reserved not empty"] = try send(
                Self.command(object: object, signer: signer, reserved: [1], partial: partial))
            codes["partial certificate cut short"] = try send(
                Self.command(object: object, signer: signer, partial: Array(partial.dropLast())))
            codes["no KeyUsage extension"] = try send(
                Self.command(
                    object: object, signer: signer,
                    partial: try with([(Self.basicConstraintsOID, [0])])))
            codes["KeyUsage keyEncipherment on a signing-only key"] = try send(
                Self.command(
                    object: object, signer: signer,
                    partial: try with([(Self.keyUsageOID, [0xA0])])))
            codes["TPMA_OBJECT extension unlike the object"] = try send(
                Self.command(
                    object: object, signer: signer,
                    partial: try with([(Self.tpmaObjectOID, [0, 0, 0, 0x10]), (Self.keyUsageOID, [0x80])])))
            codes["an HMAC key as the object"] = try send(Self.command(object: hmac, signer: signer, partial: partial))
            codes["a decryption key as the signer"] = try send(
                Self.command(object: object, signer: decrypter, partial: partial))
            codes["an ECDAA signer without an AlgorithmIdentifier"] = try send(
                Self.command(
                    object: object, signer: ecdaa,
                    scheme: TPMScheme(.ecdaa, hash: .sha256), partial: partial))
            codes["inScheme unlike the signer's"] = try send(
                Self.command(
                    object: object, signer: signer,
                    scheme: TPMScheme(.ecdsa, hash: .sha384), partial: partial))
            if tag == "swtpm" { codes = codes.mapValues { $0.map(Self.swappingHandles1And2) } }
            for (name, code) in codes { #expect(code == expected[name], "\(tag) \(name): \(String(describing: code))") }
            return codes
        }
    }
}
