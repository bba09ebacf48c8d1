import Foundation
import TPM2
import TPMTypes
import Testing
import TrustCrypto

/// The TCM 2.0 profile (HardwareProfiles/tcm/generic-tcm2.yaml, also named tcm2-generic): tpm2-tools
/// 5.4 with SM2 keys, SM3 names and PCRs and SM4 keys against `trustbench serve tpm`, each result
/// checked outside the TPM (openssl's SM2 and SM4, TrustCrypto's SM2 verifier); then the
/// commands no tool sends (ECC_Encrypt, ECC_Decrypt, ZGen_2Phase with SM2) in process.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_getrandom"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TCMToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-tcm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }
    private func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: work.appendingPathComponent(name)))
    }
    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    private func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    /// An SM2 signing key (scheme SM2 with SM3-256, SM3 Name) under an SM4 storage primary, loaded.
    private func sm2SigningKey(_ server: TPMServerProcess) throws {
        try server.succeed(
            "tpm2_createprimary",
            ["-C", "o", "-G", "ecc_sm2_p256:sm4_128cfb", "-g", "sm3_256", "-c", path("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-G", "ecc_sm2_p256:sm2-sm3_256", "-g", "sm3_256",
                "-u", path("key.pub"), "-r", path("key.priv"),
            ])
        try server.succeed(
            "tpm2_load",
            ["-C", path("primary.ctx"), "-u", path("key.pub"), "-r", path("key.priv"), "-c", path("key.ctx")])
    }

    /// The key's public point, from the TPM2B_PUBLIC tpm2_create wrote.
    private func sm2PublicKey() throws -> ECC.PublicKey {
        var reader = TPMReader(try read("key.pub"))
        let area = try reader.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMPublic(from: &inner) }
        guard
            let area,
            case .ecc(let point) = area.unique
        else { throw TestFailure("key.pub is no ECC public area") }
        #expect(area.nameAlg == .sm3_256)
        return try ECC.PublicKey(curve: .sm2P256, point: ECCPoint(x: point.x, y: point.y))
    }

    @Test(
        "both spellings load the profile; it reports SM2/SM3/SM4, the SM2 curve and SM3 and SHA-256 banks, and no RSA")
    func capabilities() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "tcm2-generic"])
        defer { server.stop() }
        let algorithms = try server.succeed("tpm2_getcap", ["algorithms"]).output
        for name in ["sm3_256:", "sm4:", "sm2:", "ecc:", "kdf2:"] { #expect(algorithms.contains(name), "\(name)") }
        #expect(!algorithms.contains("rsa:"))
        #expect(try server.succeed("tpm2_getcap", ["ecc-curves"]).output.contains("TPM2_ECC_SM2_P256"))
        let pcrs = try server.succeed("tpm2_getcap", ["pcrs"]).output
        #expect(pcrs.contains("sm3_256") && pcrs.contains("sha256"))
        try server.succeed("tpm2_testparms", ["ecc_sm2_p256"])
        try server.succeed("tpm2_testparms", ["sm4128cfb"])
        _ = try server.failureCode("tpm2_testparms", ["rsa2048"])
        try server.succeed("tpm2_pcrallocate", ["sm3_256:all"])
        let second = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])
        defer { second.stop() }
        #expect(try second.succeed("tpm2_getcap", ["ecc-curves"]).output.contains("TPM2_ECC_SM2_P256"))
    }

    @Test("tpm2_sign -s sm2 -g sm3_256: tpm2_verifysignature accepts it, and openssl with distid 1234567812345678 too")
    func signAndVerify() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])
        defer { server.stop() }
        try sm2SigningKey(server)
        let message = try write(randomBytes(100), "message")
        try server.succeed(
            "tpm2_sign", ["-c", path("key.ctx"), "-s", "sm2", "-g", "sm3_256", "-o", path("sig.tss"), message])
        try server.succeed(
            "tpm2_verifysignature", ["-c", path("key.ctx"), "-g", "sm3_256", "-s", path("sig.tss"), "-m", message])
        try server.succeed(
            "tpm2_sign",
            ["-c", path("key.ctx"), "-s", "sm2", "-g", "sm3_256", "-f", "plain", "-o", path("sig.der"), message])
        // tpm2-tools hashes ZA ‖ M on the host (GM/T default ID), so openssl checks a GM/T signature.
        let pem = try sm2PublicKey().pem()
        _ = try write(Array(pem.utf8), "key.pem")
        let verified = try Peers.run(
            "openssl",
            [
                "dgst", "-sm3", "-verify", path("key.pem"), "-signature", path("sig.der"),
                "-sigopt", "distid:1234567812345678", message,
            ])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "\(verified.output) \(verified.error)")
        // With OpenSSL's default (empty) ID the ZA differs, so the same signature must fail.
        let wrongID = try Peers.run(
            "openssl", ["dgst", "-sm3", "-verify", path("key.pem"), "-signature", path("sig.der"), message])
        #expect(wrongID.status != 0)
    }

    @Test("tpm2_quote --scheme sm2 over SM3 PCRs: the signature is SM2 over SM3(TPMS_ATTEST)")
    func quote() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])
        defer { server.stop() }
        try sm2SigningKey(server)
        try server.succeed(
            "tpm2_quote",
            [
                "-c", path("key.ctx"), "--scheme", "sm2", "-g", "sm3_256", "-l", "sm3_256:0,1,2",
                "-q", "abcd", "-m", path("quote.msg"), "-s", path("quote.sig"), "-o", path("quote.pcr"),
            ])
        var reader = TPMReader(try read("quote.sig"))
        let signature = try TPMSignature(from: &reader)
        guard case .ecc(let hash, let r, let s) = signature.body else { throw TestFailure("not an ECC signature") }
        #expect(signature.algorithm == .sm2 && hash == .sm3_256)
        let attest = try read("quote.msg")
        #expect(try sm2PublicKey().isValidSM2Signature(r: r, s: s, digest: Hash.digest(.sm3_256, attest)))
        // TPM_GENERATED_VALUE, TPM_ST_ATTEST_QUOTE
        #expect(Array(attest.prefix(6)) == [0xFF, 0x54, 0x43, 0x47, 0x80, 0x18])
    }

    @Test("tpm2_encryptdecrypt with a LoadExternal SM4 key equals openssl enc -sm4-cfb, and decrypts back")
    func sm4EncryptDecrypt() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])
        defer { server.stop() }
        let key = try write(randomBytes(16), "sm4.key")
        let iv = try write(randomBytes(16), "iv")
        let data = try write(randomBytes(100), "plain")
        try server.succeed("tpm2_loadexternal", ["-C", "n", "-G", "sm4", "-r", key, "-c", path("sm4.ctx")])
        try server.succeed(
            "tpm2_encryptdecrypt", ["-c", path("sm4.ctx"), "-G", "cfb", "-t", iv, "-o", path("tpm.enc"), data])
        let reference = try Peers.run(
            "openssl",
            [
                "enc", "-sm4-cfb", "-K", hex(try read("sm4.key")), "-iv", hex(try read("iv")),
                "-in", data, "-out", path("openssl.enc"),
            ])
        #expect(reference.status == 0, "\(reference.error)")
        #expect(try read("tpm.enc") == (try read("openssl.enc")))
        try server.succeed(
            "tpm2_encryptdecrypt",
            ["-d", "-c", path("sm4.ctx"), "-G", "cfb", "-t", iv, "-o", path("back"), path("tpm.enc")])
        #expect(try read("back") == (try read("plain")))
    }

    @Test(
        "the SM2 EK certificate at 0x01C0001A verifies against the exported CA and certifies tpm2_createek -G ecc_sm2_p256's key"
    )
    func sm2EndorsementCertificate() throws {
        let server = try TPMServerProcess(
            .trustbenchSwtpm, arguments: ["--profile", "generic-tcm2", "--export-ca", path("ca.pem")])
        defer { server.stop() }
        try server.succeed("tpm2_nvread", ["-C", "o", "-o", path("ek.der"), "0x1c0001a"])
        let pem = try Peers.run("openssl", ["x509", "-inform", "der", "-in", path("ek.der"), "-out", path("ek.pem")])
        #expect(pem.status == 0, "\(pem.error)")
        let verified = try Peers.run("openssl", ["verify", "-CAfile", path("ca.pem"), path("ek.pem")])
        #expect(verified.output.contains("ek.pem: OK"), "\(verified.output) \(verified.error)")
        let text = try Peers.run("openssl", ["x509", "-in", path("ek.pem"), "-noout", "-text"]).output
        #expect(text.contains("SM2") && text.contains("Key Agreement") && text.contains("2.23.133.8.1"), "\(text)")
        // No RSA or NIST EK on this part.
        #expect(try server.tool("tpm2_nvreadpublic", ["0x1c00002"]).status != 0)

        try server.succeed("tpm2_createek", ["-G", "ecc_sm2_p256", "-c", path("ek.ctx"), "-u", path("key.pub")])
        let certified = try Peers.run("openssl", ["x509", "-in", path("ek.pem"), "-noout", "-pubkey"]).output
        #expect(certified == (try sm2PublicKey().pem()))
    }

    @Test("a salted SM3 session (SM2 tpmkey) with encryption both ways carries tpm2_getrandom")
    func sm3SaltedSession() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])
        defer { server.stop() }
        try server.succeed(
            "tpm2_createprimary",
            ["-C", "o", "-G", "ecc_sm2_p256:sm4_128cfb", "-g", "sm3_256", "-c", path("primary.ctx")])
        try server.succeed(
            "tpm2_startauthsession",
            ["--hmac-session", "-g", "sm3_256", "-c", path("primary.ctx"), "-S", path("session.ctx")])
        try server.succeed("tpm2_sessionconfig", ["--enable-encrypt", "--enable-decrypt", path("session.ctx")])
        let random = try server.tool("tpm2_getrandom", ["-S", path("session.ctx"), "--hex", "16"])
        #expect(random.status == 0 && random.output.count == 32, "\(random.error)")
    }

    /// swtpm (libtpms) has SM2 on the SM2 curve with SHA hashes but no SM3 or SM4: SM2-with-SHA-256
    /// signatures made by each TPM verify in the other.
    @Test("SM2 signatures with SHA-256 interoperate with swtpm both ways", .enabled(if: Peers.isInstalled("swtpm")))
    func sm2AgainstSwtpm() throws {
        let message = try write(randomBytes(64), "message")
        let servers = [
            ("ours", try TPMServerProcess(.trustbenchSwtpm, arguments: ["--profile", "generic-tcm2"])),
            ("swtpm", try TPMServerProcess(.swtpm)),
        ]
        defer { for (_, server) in servers { server.stop() } }
        for (tag, server) in servers {
            try server.succeed(
                "tpm2_createprimary",
                ["-C", "o", "-G", "ecc_sm2_p256", "-g", "sha256", "-c", path("\(tag).primary.ctx")])
            try server.succeed(
                "tpm2_create",
                [
                    "-C", path("\(tag).primary.ctx"), "-G", "ecc_sm2_p256:sm2-sha256",
                    "-u", path("\(tag).pub"), "-r", path("\(tag).priv"),
                ])
            try server.succeed(
                "tpm2_load",
                [
                    "-C", path("\(tag).primary.ctx"), "-u", path("\(tag).pub"), "-r", path("\(tag).priv"),
                    "-c", path("\(tag).key.ctx"),
                ])
            try server.succeed(
                "tpm2_sign",
                ["-c", path("\(tag).key.ctx"), "-s", "sm2", "-g", "sha256", "-o", path("\(tag).sig"), message])
        }
        for ((signer, _), (_, verifier)) in [(servers[0], servers[1]), (servers[1], servers[0])] {
            try verifier.succeed(
                "tpm2_loadexternal", ["-C", "o", "-u", path("\(signer).pub"), "-c", path("\(signer).external.ctx")])
            try verifier.succeed(
                "tpm2_verifysignature",
                [
                    "-c", path("\(signer).external.ctx"), "-g", "sha256",
                    "-s", path("\(signer).sig"), "-m", message,
                ])
        }
        // SM3 is where they part: swtpm refuses it as a Name algorithm (TPM_RC_HASH, parameter 2).
        #expect(
            try servers[1].1.failureCode(
                "tpm2_createprimary",
                [
                    "-C", "o", "-G", "ecc_sm2_p256", "-g", "sm3_256",
                    "-c", path("sm3.ctx"),
                ]) == 0x2C3)
    }

    // MARK: In process: commands no tool sends

    private static let sm2Decrypt = TPMPublic(
        type: .ecc, nameAlg: .sm3_256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .noDA, .decrypt],
        parameters: .ecc(symmetric: .null, scheme: .null, curve: .sm2P256, kdf: .null), unique: .ecc(TPMECCPoint()))

    private func publicPoint(_ tpm: InProcessTPM, _ handle: TPMHandle) throws -> ECCPoint {
        let response = tpm.send(.readPublic, handles: [handle], parameters: [])
        var reader = TPMReader(response.parameters)
        let area = try reader.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMPublic(from: &inner) }
        guard
            let area,
            case .ecc(let point) = area.unique
        else { throw TestFailure("ReadPublic gave no ECC point") }
        return ECCPoint(x: point.x, y: point.y)
    }

    @Test(
        "ECC_Encrypt/ECC_Decrypt with KDF2 and SM3: SM2 C1 ‖ C3 ‖ C2 that TrustCrypto decrypts; and each documented error on its handle or parameter"
    )
    func eccEncryptDecrypt() throws {
        let tpm = try InProcessTPM(profile: "generic-tcm2")
        let key = try tpm.createPrimary(Self.sm2Decrypt)
        let kdf2SM3: [UInt8] = [0x00, 0x21, 0x00, 0x12]
        let message = randomBytes(50)
        var plainText = TPMWriter()
        plainText.writeSized(message)
        let encrypted = tpm.send(.eccEncrypt, handles: [key], parameters: plainText.bytes + kdf2SM3)
        #expect(encrypted.code == 0)
        var reader = TPMReader(encrypted.parameters)
        let c1 = try reader.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) }
        guard let c1 else { throw TestFailure("no C1") }
        let c2 = try reader.readSized(max: 1024)
        let c3 = try reader.readSized(max: 64)
        #expect(c2.count == message.count && c3.count == 32)

        func decrypt(_ c1: TPMECCPoint, _ c3: [UInt8], scheme: [UInt8] = kdf2SM3) -> InProcessTPM.Response {
            var w = TPMWriter()
            w.writeNested { c1.marshal(into: &$0) }
            w.writeSized(c2)
            w.writeSized(c3)
            return tpm.send(.eccDecrypt, handles: [key], authorized: 1, parameters: w.bytes + scheme)
        }
        let decrypted = decrypt(c1, c3)
        #expect(decrypted.code == 0)
        var plain = TPMReader(decrypted.parameters)
        #expect(try plain.readSized(max: 1024) == message)
        var badC3 = c3
        badC3[0] ^= 1
        #expect(decrypt(c1, badC3).code == 0x084)  // TPM_RC_VALUE
        var offCurve = c1
        offCurve.y[31] ^= 1
        #expect(decrypt(offCurve, c3).code == 0x1E7)  // TPM_RC_ECC_POINT, parameter 1
        #expect(decrypt(c1, c3, scheme: [0x00, 0x10]).code == 0x4D2)  // no scheme anywhere: TPM_RC_SCHEME, parameter 4
        #expect(decrypt(c1, c3, scheme: [0x00, 0x20, 0x00, 0x12]).code == 0x4D2)  // KDF1_SP800_56A is not ECIES's KDF
        #expect(tpm.send(.eccEncrypt, handles: [key], parameters: plainText.bytes + [0x00, 0x10]).code == 0x2D2)
        // SHA-384 is no hash of this profile (TPM_RC_HASH), ECDSA no KDF (TPM_RC_KDF), 1025 bytes
        // no TPM2B_MAX_BUFFER (TPM_RC_SIZE): each on its parameter.
        #expect(
            tpm.send(.eccEncrypt, handles: [key], parameters: plainText.bytes + [0x00, 0x21, 0x00, 0x0C]).code == 0x2C3)
        #expect(
            tpm.send(.eccEncrypt, handles: [key], parameters: plainText.bytes + [0x00, 0x18, 0x00, 0x12]).code == 0x2CC)
        var tooLong = TPMWriter()
        tooLong.writeSized([UInt8](repeating: 1, count: 1025))
        #expect(tpm.send(.eccEncrypt, handles: [key], parameters: tooLong.bytes + kdf2SM3).code == 0x1D5)
        // Not an ECC key (TPM_RC_KEY), and a signing key that cannot decrypt (TPM_RC_ATTRIBUTES), on handle 1.
        let hmacKey = try tpm.createPrimary(
            TPMPublic(
                type: .keyedHash, nameAlg: .sm3_256,
                attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
                parameters: .keyedHash(scheme: TPMScheme(.hmac, hash: .sm3_256)), unique: .digest([])))
        #expect(tpm.send(.eccEncrypt, handles: [hmacKey], parameters: plainText.bytes + kdf2SM3).code == 0x19C)
        var flush = TPMWriter()
        flush.write(hmacKey)
        _ = tpm.send(.flushContext, parameters: flush.bytes)
        let signer = try tpm.createPrimary(
            TPMPublic(
                type: .ecc, nameAlg: .sm3_256,
                attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
                parameters: .ecc(
                    symmetric: .null, scheme: TPMScheme(.sm2, hash: .sm3_256), curve: .sm2P256, kdf: .null),
                unique: .ecc(TPMECCPoint())))
        var w = TPMWriter()
        w.writeNested { c1.marshal(into: &$0) }
        w.writeSized(c2)
        w.writeSized(c3)
        #expect(tpm.send(.eccDecrypt, handles: [signer], authorized: 1, parameters: w.bytes + kdf2SM3).code == 0x182)
    }

    @Test("ZGen_2Phase with TPM_ALG_SM2 gives the point the peer computes with its own keys")
    func sm2KeyExchange() throws {
        let tpm = try InProcessTPM(profile: "generic-tcm2")
        let key = try tpm.createPrimary(Self.sm2Decrypt)
        let qsA = try publicPoint(tpm, key)
        let ephemeral = tpm.send(.ecEphemeral, parameters: [0x00, 0x20])
        #expect(ephemeral.code == 0)
        var reader = TPMReader(ephemeral.parameters)
        let qeA = try reader.readNested { (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) }
        guard let qeA else { throw TestFailure("no Q") }
        let counter: UInt16 = try reader.read()
        let staticB = try ECC.PrivateKey.generate(curve: .sm2P256)
        let ephemeralB = try ECC.PrivateKey.generate(curve: .sm2P256)
        var w = TPMWriter()
        w.writeNested { TPMECCPoint(x: staticB.publicKey.point.x, y: staticB.publicKey.point.y).marshal(into: &$0) }
        w.writeNested {
            TPMECCPoint(x: ephemeralB.publicKey.point.x, y: ephemeralB.publicKey.point.y).marshal(into: &$0)
        }
        w.write(TPMAlgorithm.sm2)
        w.write(counter)
        let response = tpm.send(.zGen2Phase, handles: [key], authorized: 1, parameters: w.bytes)
        #expect(response.code == 0)
        var out = TPMReader(response.parameters)
        guard
            let z1 = try out.readNested({ (inner: inout TPMReader) throws(TPMError) in try TPMECCPoint(from: &inner) })
        else {
            throw TestFailure("no Z1")
        }
        let peer = try staticB.sm2KeyExchangePoint(
            ephemeral: ephemeralB.scalar, peerStatic: qsA,
            peerEphemeral: ECCPoint(x: qeA.x, y: qeA.y))
        #expect(ECCPoint(x: z1.x, y: z1.y) == peer)
        #expect(try out.readSized(max: 200) == [0, 0, 0, 0])  // Z2: an empty TPMS_ECC_POINT
    }
}
