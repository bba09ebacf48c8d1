import Foundation
import Testing

/// tpm2-tools 5.4 against `trustbench serve tpm` for the algorithms added for parity with
/// swtpm 0.7 (libtpms): Camellia, NIST P-192 and P-224, BN P-638. openssl checks every result,
/// and GetCapability must describe these algorithms and curves exactly as swtpm does.
@Suite(.serialized, .enabled(if: Peers.isInstalled("tpm2_getrandom"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMAlgorithmToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-algs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }

    private func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: work.appendingPathComponent(name))) }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    /// `tpm2_getcap algorithms` as name → its printed attribute lines.
    private static func algorithms(_ server: TPMServerProcess) throws -> [String: String] {
        let text = try server.tool("tpm2_getcap", ["algorithms"]).output
        var table: [String: String] = [:]
        var current = ""
        for line in text.split(separator: "\n") {
            if !line.hasPrefix(" ") {
                current = String(line.dropLast())
            } else {
                table[current, default: ""] += line + "\n"
            }
        }
        return table
    }

    @Test("getcap algorithms and ecc-curves report the added algorithms and curves as swtpm does", .enabled(if: Peers.isInstalled("swtpm")))
    func capabilitiesMatchSwtpm() throws {
        let ours = try TPMServerProcess(.trustbenchSwtpm)
        defer { ours.stop() }
        let swtpm = try TPMServerProcess(.swtpm)
        defer { swtpm.stop() }
        let mine = try Self.algorithms(ours), theirs = try Self.algorithms(swtpm)
        for name in ["camellia", "cmac"] {
            #expect(mine[name] != nil && mine[name] == theirs[name], "\(name)")
        }
        let curves = try ours.tool("tpm2_getcap", ["ecc-curves"]).output
        let swtpmCurves = try swtpm.tool("tpm2_getcap", ["ecc-curves"]).output
        for curve in ["TPM2_ECC_NIST_P192: 0x1", "TPM2_ECC_NIST_P224: 0x2", "TPM2_ECC_BN_P638: 0x11"] {
            #expect(curves.contains(curve) && swtpmCurves.contains(curve), "\(curve)")
        }
    }

    /// Big-endian bytes of an integer, as TPM structures carry them.
    private func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    private func sized(_ bytes: [UInt8]) -> [UInt8] { be(UInt16(bytes.count)) + bytes }

    /// TPM2_LoadExternal of a Camellia key with known bits, sent with tpm2_send: tpm2_loadexternal
    /// refuses symmetric keys other than AES and SM4. Returns the handle the TPM gave it.
    private func loadCamellia(_ server: TPMServerProcess, key: [UInt8]) throws -> String {
        let seed = [UInt8](repeating: 7, count: 32)
        try Peers.run("openssl", ["dgst", "-sha256", "-binary", "-out", path("unique.bin"), try write(seed + key, "seed-key.bin")])
        let unique = try read("unique.bin")
        let sensitive = be(UInt16(0x25)) + sized([]) + sized(seed) + sized(key)
        let publicArea = be(UInt16(0x25)) + be(UInt16(0x0B)) + be(UInt32(0x0006_0040)) + sized([])   // userWithAuth|sign|decrypt
            + be(UInt16(0x26)) + be(UInt16(key.count * 8)) + be(UInt16(0x10)) + sized(unique)
        let body = sized(sensitive) + sized(publicArea) + be(UInt32(0x4000_0007))
        let command = be(UInt16(0x8001)) + be(UInt32(10 + body.count)) + be(UInt32(0x167)) + body
        let commandFile = try write(command, "load.cmd")
        try Peers.run("sh", ["-c", "tpm2_send < \(commandFile) > \(path("load.rsp"))"], environment: ["TPM2TOOLS_TCTI": server.tcti])
        let response = try read("load.rsp")
        guard response.count >= 14, response[6..<10].allSatisfy({ $0 == 0 }) else { throw TestFailure("LoadExternal: \(response)") }
        return "0x" + response[10..<14].map { String(format: "%02x", $0) }.joined()
    }

    @Test("encryptdecrypt with known Camellia-128 and -256 keys matches openssl in every mode and decrypts back")
    func camelliaEncryptDecrypt() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let iv = randomBytes(16), message = randomBytes(64)
        let ivFile = try write(iv, "iv.bin"), plain = try write(message, "plain.bin")
        for bits in [128, 256] {
            let key = randomBytes(bits / 8)
            let handle = try loadCamellia(server, key: key)
            for mode in ["cfb", "cbc", "ctr", "ofb", "ecb"] {
                #expect(try server.tool("tpm2_encryptdecrypt", ["-c", handle, "-G", mode, "-t", ivFile, "-o", path("\(mode).enc"), plain]).status == 0)
                let reference = try Peers.run("openssl", ["enc", "-camellia-\(bits)-\(mode)", "-K", hex(key), "-iv", hex(iv), "-nopad",
                                                          "-in", plain, "-out", path("\(mode).ref")])
                #expect(reference.status == 0, "\(reference.error)")
                #expect(try read("\(mode).enc") == read("\(mode).ref"), "camellia\(bits) \(mode)")
                #expect(try server.tool("tpm2_encryptdecrypt", ["-c", handle, "-d", "-G", mode, "-t", ivFile, "-o", path("\(mode).dec"), path("\(mode).enc")]).status == 0)
                #expect(try read("\(mode).dec") == message, "camellia\(bits) \(mode) decrypts back")
            }
            try server.tool("tpm2_flushcontext", [handle])
        }
    }

    @Test("a Camellia-256 storage primary protects a child that loads back and signs for openssl")
    func camelliaStorageParent() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-G", "rsa2048:null:camellia256cfb", "-c", path("parent.ctx")])
        try server.succeed("tpm2_create", ["-C", path("parent.ctx"), "-G", "ecc256:ecdsa-sha256", "-u", path("key.pub"), "-r", path("key.priv")])
        try server.succeed("tpm2_load", ["-C", path("parent.ctx"), "-u", path("key.pub"), "-r", path("key.priv"), "-c", path("key.ctx")])
        try expectSignatureVerifies(server, key: "key.ctx")
    }

    @Test("P-192 and P-224 keys sign (ECDSA) for openssl, and the two halves of ECDH agree", arguments: ["ecc192", "ecc224"])
    func smallCurves(curve: String) throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")])
        try server.succeed("tpm2_create", ["-C", path("primary.ctx"), "-G", "\(curve):ecdsa-sha256", "-u", path("key.pub"), "-r", path("key.priv"), "-c", path("key.ctx")])
        try expectSignatureVerifies(server, key: "key.ctx")

        // ECDH: both halves of the exchange run in the TPM and must agree on a Z of the curve's size.
        try server.succeed("tpm2_create", ["-C", path("primary.ctx"), "-G", "\(curve):ecdh", "-u", path("ecdh.pub"), "-r", path("ecdh.priv"), "-c", path("ecdh.ctx")])
        try server.succeed("tpm2_ecdhkeygen", ["-c", path("ecdh.ctx"), "-u", path("q.point"), "-o", path("z1.bin")])
        try server.succeed("tpm2_ecdhzgen", ["-c", path("ecdh.ctx"), "-u", path("q.point"), "-o", path("z2.bin")])
        #expect(try read("z1.bin") == read("z2.bin"))
        #expect(try TPMCryptoToolsTests.point(read("z1.bin")).x.count == (curve == "ecc192" ? 24 : 28))
    }

    /// Signs a random message with the loaded key and verifies with openssl against its PEM.
    private func expectSignatureVerifies(_ server: TPMServerProcess, key: String) throws {
        let message = try write(randomBytes(100), "message.bin")
        try server.succeed("tpm2_readpublic", ["-c", path(key), "-f", "pem", "-o", path("key.pem")])
        try server.succeed("tpm2_sign", ["-c", path(key), "-g", "sha256", "-f", "plain", "-o", path("sig.der"), message])
        let verified = try Peers.run("openssl", ["dgst", "-sha256", "-verify", path("key.pem"), "-signature", path("sig.der"), message])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "\(verified.output) \(verified.error)")
    }

    @Test("geteccparameters reports P-192 and P-224 byte for byte as swtpm does", .enabled(if: Peers.isInstalled("swtpm")))
    func eccParametersMatchSwtpm() throws {
        for curve in ["ecc192", "ecc224"] {
            var answers: [[UInt8]] = []
            for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
                let server = try TPMServerProcess(kind)
                defer { server.stop() }
                try server.succeed("tpm2_geteccparameters", [curve, "-o", path("\(curve)-\(kind).bin")])
                answers.append(try read("\(curve)-\(kind).bin"))
            }
            #expect(answers[0] == answers[1], "\(curve)")
        }
    }

    /// tpm2_hmac cannot name CMAC (-g takes hashes only), so CMAC itself is tested in-process
    /// (TPM2Tests MACTests); what the tool can send to a cipher key must be refused as swtpm does.
    @Test("hmac on an AES key answers with swtpm's codes (a hash: SCHEME; ALG_ERROR: SYMMETRIC)", .enabled(if: Peers.isInstalled("swtpm")))
    func macCodesMatchSwtpm() throws {
        let key = try write(randomBytes(16), "mac.key"), message = try write(randomBytes(40), "mac.msg")
        try SwtpmParity.expectSameCodes(count: 2) { server, tag in
            func code(_ args: [String]) throws -> UInt32? {
                try server.succeed("tpm2_loadexternal", ["-C", "n", "-G", "aes128", "-r", key, "-c", path("\(tag)-aes.ctx")])
                return try server.failureCode("tpm2_hmac", ["-c", path("\(tag)-aes.ctx")] + args + [message])
            }
            return ["sha256 on an AES key": try code(["-g", "sha256"]), "no scheme (ALG_ERROR) on an AES key": try code([])]
        }
    }
}
