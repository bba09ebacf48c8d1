import Foundation
import Testing

/// tpm2-tools 5.4 driving `trustbench serve tpm` over real loopback sockets, with openssl
/// and sha256sum as independent checkers.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_getrandom"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    @Test("getrandom returns the bytes asked for, over swtpm and mssim")
    func getRandom() throws {
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .trustbenchMssim] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            if kind == .trustbenchMssim {
                // libtss2's mssim TCTI powers the TPM on; Startup is the client's job.
                try server.tool("tpm2_startup", ["-c"])
            }
            let result = try server.tool("tpm2_getrandom", ["--hex", "32"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.count == 64)
            #expect(result.output.allSatisfy { $0.isHexDigit })
        }
    }

    @Test("selftest and gettestresult succeed")
    func selfTest() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(try server.tool("tpm2_selftest", ["--fulltest"]).status == 0)
        let result = try server.tool("tpm2_gettestresult", [])
        #expect(result.status == 0)
        #expect(result.output.contains("success"))
    }

    @Test(
        "mssim TEST_FAILURE_MODE: tpm2_selftest fails, tpm2_gettestresult reports it, other commands answer TPM_RC_FAILURE until power-on"
    )
    func forcedFailureMode() throws {
        let server = try TPMServerProcess(.trustbenchMssim)
        defer { server.stop() }
        try server.tool("tpm2_startup", ["-c"])
        #expect(server.platformSignal(30) == 0)  // TEST_FAILURE_MODE, as ms-tpm-20-ref's simulator takes it
        #expect(try server.tool("tpm2_getrandom", ["--hex", "8"]).status == 0, "forcing waits for the next self-test")
        #expect(try server.tool("tpm2_selftest", ["--fulltest"]).rc == 0x101)
        // GetTestResult through tpm2_send: outData is function | line | FATAL_ERROR_FORCED (666),
        // testResult TPM_RC_FAILURE. (tpm2_gettestresult 5.4 misreads 0x101 as "0x100".)
        let responseFile = path("testresult.bin")
        #expect(try server.sendRaw([0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x7C], responseFile: responseFile) == 0)
        let testResult = [UInt8](try Data(contentsOf: URL(fileURLWithPath: responseFile)))
        #expect(testResult.dropFirst(10) == [0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x9A, 0, 0, 0x01, 0x01])
        // Any other command is TPM_RC_FAILURE; tpm2_getrandom already stops at its GetCapability
        // for TPM_PT_MAX_DIGEST, which failure mode does not report.
        #expect(
            try server.sendRaw([0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8], responseFile: responseFile) == 0x101)
        #expect(try server.tool("tpm2_getrandom", ["--hex", "8"]).status != 0)
        // tpm2_getcap follows moreData one property at a time through the fixed identity.
        let identity = try server.tool("tpm2_getcap", ["properties-fixed"])
        #expect(identity.status == 0, "\(identity.error)")
        #expect(
            identity.output.contains("TPM2_PT_MANUFACTURER:") && identity.output.contains("TPM2_PT_FIRMWARE_VERSION_2:")
        )
        #expect(!identity.output.contains("TPM2_PT_MAX_DIGEST"), "\(identity.output)")
        // POWER_OFF then POWER_ON is _TPM_Init: failure mode ends and the forcing was spent.
        #expect(server.platformSignal(2) == 0)
        #expect(server.platformSignal(1) == 0)
        try server.tool("tpm2_startup", ["-c"])
        #expect(try server.tool("tpm2_selftest", ["--fulltest"]).status == 0)
        #expect(try server.tool("tpm2_getrandom", ["--hex", "8"]).status == 0)
    }

    @Test("getcap reports the profile: vendor string, PCR banks, commands")
    func getCapability() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let fixed = try server.tool("tpm2_getcap", ["properties-fixed"])
        #expect(fixed.status == 0)
        #expect(fixed.output.contains("TPM2_PT_VENDOR_STRING_1:\n  raw: 0x53572020"))
        let pcrs = try server.tool("tpm2_getcap", ["pcrs"])
        for bank in ["sha1", "sha256", "sha384"] { #expect(pcrs.output.contains("- \(bank): [ 0, 1, 2")) }
        let commands = try server.tool("tpm2_getcap", ["commands"])
        #expect(commands.output.contains("TPM2_CC_CreatePrimary"))
        #expect(!commands.output.contains("TPM2_CC_FieldUpgradeStart"), "a command the profile lacks is not reported")
    }

    @Test("pcrextend, pcrevent and pcrreset change PCR 16 as the spec computes")
    func pcrs() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let digest = String(repeating: "ab", count: 32)
        #expect(try server.tool("tpm2_pcrextend", ["16:sha256=\(digest)"]).status == 0)
        let read = try server.tool("tpm2_pcrread", ["sha256:16"])
        // sha256(32 zero bytes || digest), computed independently by openssl below.
        let zeroAndDigest = Data(repeating: 0, count: 32) + Data((0..<32).map { _ in UInt8(0xab) })
        let expected = try Peers.run("openssl", ["dgst", "-sha256", "-hex", "-r"], input: zeroAndDigest).output.prefix(
            64
        ).uppercased()
        #expect(read.output.contains("0x" + expected), "\(read.output)")

        try Data("event".utf8).write(to: work.appendingPathComponent("event.bin"))
        #expect(try server.tool("tpm2_pcrevent", ["16", path("event.bin")]).status == 0)
        #expect(try server.tool("tpm2_pcrread", ["sha256:16"]).output != read.output)
        #expect(try server.tool("tpm2_pcrreset", ["16"]).status == 0)
        #expect(
            try server.tool("tpm2_pcrread", ["sha256:16"]).output.contains("0x" + String(repeating: "0", count: 64)))
        // PCR 0 is not resettable from locality 0: TPM_RC_LOCALITY.
        let refused = try server.tool("tpm2_pcrreset", ["0"])
        #expect(refused.status != 0)
        #expect(refused.error.contains("0x907") || refused.error.lowercased().contains("locality"), "\(refused.error)")
    }

    @Test("hash matches sha256sum")
    func hash() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let file = path("data.txt")
        try Data("TrustBench hashes this".utf8).write(to: URL(fileURLWithPath: file))
        let tpm = try server.tool("tpm2_hash", ["-g", "sha256", "--hex", file])
        let reference = try Peers.run("sha256sum", [file]).output.prefix(64)
        #expect(tpm.status == 0)
        #expect(tpm.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(reference))
    }

    @Test("createprimary gives the same RSA and ECC key twice")
    func primaryDeterminism() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        for alg in ["rsa2048", "ecc256"] {
            var publics: [String] = []
            for run in 0..<2 {
                let ctx = path("\(alg)-\(run).ctx")
                let created = try server.tool("tpm2_createprimary", ["-C", "o", "-G", alg, "-c", ctx])
                #expect(created.status == 0, "\(created.error)")
                let pub = try server.tool("tpm2_readpublic", ["-c", ctx])
                publics.append(pub.output)
                try server.tool("tpm2_flushcontext", ["-t"])
            }
            #expect(publics[0] == publics[1])
            #expect(publics[0].contains(alg == "rsa2048" ? "rsa:" : "x:"))
        }
    }

    @Test("create, load and sign with RSA and ECDSA; openssl verifies with the PEM from readpublic")
    func signVerify() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let message = path("message.txt")
        try Data("sign me".utf8).write(to: URL(fileURLWithPath: message))
        #expect(try server.tool("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")]).status == 0)
        try server.tool("tpm2_flushcontext", ["-t"])
        for (alg, name) in [("rsa2048:rsassa-sha256", "rsa"), ("ecc256:ecdsa-sha256", "ecc")] {
            let created = try server.tool(
                "tpm2_create",
                ["-C", path("primary.ctx"), "-G", alg, "-u", path("\(name).pub"), "-r", path("\(name).priv")])
            #expect(created.status == 0, "\(created.error)")
            try server.tool("tpm2_flushcontext", ["-t"])
            #expect(
                try server.tool(
                    "tpm2_load",
                    [
                        "-C", path("primary.ctx"), "-u", path("\(name).pub"), "-r", path("\(name).priv"), "-c",
                        path("\(name).ctx"),
                    ]
                ).status == 0)
            try server.tool("tpm2_flushcontext", ["-t"])
            let signed = try server.tool(
                "tpm2_sign",
                ["-c", path("\(name).ctx"), "-g", "sha256", "-f", "plain", "-o", path("\(name).sig"), message])
            #expect(signed.status == 0, "\(signed.error)")
            try server.tool("tpm2_flushcontext", ["-t"])
            #expect(
                try server.tool("tpm2_readpublic", ["-c", path("\(name).ctx"), "-f", "pem", "-o", path("\(name).pem")])
                    .status == 0)
            try server.tool("tpm2_flushcontext", ["-t"])
            let verified = try Peers.run(
                "openssl",
                ["dgst", "-sha256", "-verify", path("\(name).pem"), "-signature", path("\(name).sig"), message])
            #expect(verified.output.contains("Verified OK"), "\(name): \(verified.output) \(verified.error)")
            // And the TPM agrees through VerifySignature.
            let tss = try server.tool(
                "tpm2_sign", ["-c", path("\(name).ctx"), "-g", "sha256", "-o", path("\(name).tss"), message])
            #expect(tss.status == 0)
            try server.tool("tpm2_flushcontext", ["-t"])
            let check = try server.tool(
                "tpm2_verifysignature",
                ["-c", path("\(name).ctx"), "-g", "sha256", "-m", message, "-s", path("\(name).tss")])
            #expect(check.status == 0, "\(check.error)")
            try server.tool("tpm2_flushcontext", ["-t"])
        }
    }
}
