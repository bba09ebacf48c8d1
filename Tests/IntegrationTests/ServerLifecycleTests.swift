import Foundation
import Testing

/// `trustbench serve tpm` as a process: it refuses a machine it cannot run on with a sentence,
/// and it must stop on SIGTERM even when started by a
/// parent that blocks signals (this test runner does), as supervisors and scripts expect.
@Suite(.serialized)
struct ServerLifecycleTests {
    @Test("serve tpm exits on SIGTERM, over swtpm and mssim")
    func stopsOnSIGTERM() throws {
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .trustbenchMssim] {
            let server = try TPMServerProcess(kind)
            #expect(server.stop(), "the \(kind) server ignored SIGTERM and needed SIGKILL")
        }
    }

    @Test("serve tpm on a libcrypto without its default provider refuses to start, with the sentence and exit status 1")
    func refusesAnIncapableLibcrypto() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // OpenSSL 3 reads OPENSSL_CONF at start: this one activates only the base provider,
        // which has no digests or ciphers, as on a misconfigured host.
        let config = folder.appendingPathComponent("base-only.cnf")
        try Data(
            """
            openssl_conf = openssl_init
            [openssl_init]
            providers = provider_sect
            [provider_sect]
            base = base_sect
            [base_sect]
            activate = 1

            """.utf8
        ).write(to: config)
        for profile in ["generic-tpm2", "generic-tcm2"] {
            let result = try Peers.run(
                Peers.trustbench, ["serve", "tpm", "--profile", profile, "--mssim", "\(Peers.freePortPair())"],
                environment: ["OPENSSL_CONF": config.path], timeout: 20)
            #expect(result.status == 1, "\(result.error)")
            #expect(
                result.error.contains("profile \(profile) cannot start: this libcrypto (OpenSSL 3"), "\(result.error)")
            #expect(result.error.contains("lacks SHA-256, HMAC and AES-ECB, which every TPM needs"), "\(result.error)")
            #expect(!result.error.contains("Usage:"), "a machine's failure is not a usage error")
        }
    }

    @Test(
        "serve tpm --log file=PATH,level=3 (swtpm's spelling) writes each command and its answer; a bad --log is a sentence"
    )
    func logsToAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("tpm.log").path
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--log", "file=\(log),level=3,prefix=tpm0: "])
        let random = try server.tool("tpm2_getrandom", ["--hex", "8"])
        #expect(random.status == 0, "\(random.error)")
        #expect(server.stop())
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains("tpm0: swtpm TPM data port \(server.port), control port \(server.port + 1)"), "\(lines)")
        #expect(lines.contains("tpm0: TPM2_GetRandom answered 0x0"), "\(lines)")
        #expect(lines.contains("tpm0: swtpm: a client connected"), "\(lines)")
        #expect(!lines.contains { $0.contains("> 8001") }, "command bytes are logged from level 4 only")

        let bad = try Peers.run(
            Peers.trustbench, ["serve", "tpm", "--log", "level=loud", "--mssim", "\(Peers.freePortPair())"], timeout: 20
        )
        #expect(bad.status != 0)
        #expect(bad.error.contains("--log level=loud: use 0 or more"), "\(bad.error)")
    }
}
