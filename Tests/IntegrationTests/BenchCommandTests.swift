import Foundation
import Testing

/// `trustbench run` as CI runs it: both suites against the emulator in-process, against our
/// server over the swtpm socket, and against swtpm itself; every case passes or is skipped
/// with a reason that names what the target lacks.
@Suite(.serialized, .enabled(if: Peers.isInstalled("swtpm"), "swtpm is not installed (Tools/install-deps)"))
struct BenchCommandTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    /// Measures Firmware/uefi-basic into a newly started server, as its firmware would; returns the log's path.
    private func boot(_ server: TPMServerProcess) throws -> String {
        let log = work.appendingPathComponent("boot-\(UUID().uuidString).log").path
        let result = try Peers.run(
            Peers.trustbench, ["boot", "--target", "tcti:\(server.tcti)", "--eventlog", log], timeout: 60)
        guard result.status == 0 else { throw TestFailure("trustbench boot: \(result.error)") }
        return log
    }

    /// Runs `trustbench run` with `arguments` and a JUnit report; returns the output and the report.
    private func run(_ arguments: [String]) throws -> (result: Peers.Result, junit: String) {
        let junit = work.appendingPathComponent("junit-\(UUID().uuidString).xml")
        let result = try Peers.run(Peers.trustbench, ["run", "--junit", junit.path] + arguments, timeout: 300)
        return (result, (try? String(contentsOf: junit, encoding: .utf8)) ?? "")
    }

    @Test(
        "make demo's campaign: trustbench demo runs the TPM suites and the ISO 7816 and PIV card suites in-process and exits 0"
    )
    func demo() throws {
        let result = try Peers.run(Peers.trustbench, ["demo"], timeout: 300)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("Summary for sim:generic-tpm2"), "\(result.output)")
        #expect(result.output.contains("all                22       0        0"), "\(result.output)")
        #expect(result.output.contains("Summary for card-sim:iso7816-default"), "\(result.output)")
        #expect(result.output.contains("iso7816            20       0        0"), "\(result.output)")
        // The PIV card: every piv case but the certificates one (a new card holds none).
        #expect(result.output.contains("Summary for card-sim:piv-default"), "\(result.output)")
        #expect(result.output.contains("piv                32       0        1"), "\(result.output)")
    }

    @Test("against trustbench serve tpm over the swtpm socket, with its exported CA: every case passes")
    func ourServer() throws {
        let ca = work.appendingPathComponent("ca.pem").path
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--export-ca", ca])
        defer { server.stop() }
        let (result, junit) = try run([
            "--target", "tcti:\(server.tcti)", "--suite", "attestation,key-storage", "--ek-ca", ca,
            "--allow-clear", "--eventlog", try boot(server),
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(junit.contains("failures=\"0\"") && junit.contains("skipped=\"0\""), "\(junit)")
    }

    @Test("against swtpm: every case passes but the EK certificate one, skipped because swtpm has none")
    func swtpm() throws {
        let server = try TPMServerProcess(.swtpm)
        defer { server.stop() }
        let (result, junit) = try run([
            "--target", "tcti:\(server.tcti)", "--suite", "attestation,key-storage", "--allow-clear",
            "--eventlog", try boot(server),
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(
            junit.contains(
                "<testsuites name=\"trustbench tcti:\(server.tcti)\" tests=\"22\" failures=\"0\" skipped=\"1\">"),
            "\(junit)")
        #expect(junit.contains("<skipped message=\"no EK certificate in the TCG NV indices"), "\(junit)")
    }

    @Test(
        "the algorithms suite passes on our server and on swtpm; only the SM algorithms neither reports are skipped",
        arguments: [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm])
    func algorithms(kind: TPMServerProcess.Kind) throws {
        let server = try TPMServerProcess(kind)
        defer { server.stop() }
        let (result, junit) = try run(["--target", "tcti:\(server.tcti)", "--suite", "algorithms"])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(junit.contains("failures=\"0\" skipped=\"3\""), "\(junit)")
        for skipped in ["alg.sm3_256", "alg.sm4-128-ecb", "alg.sm2-published"] {
            #expect(result.output.contains("\(skipped) ") && result.output.contains("skipped: tcti:"), "\(skipped)")
        }
    }

    @Test("against serve tpm --profile generic-tcm2 (a TCM 2.0): every suite passes with the SM algorithms")
    func tcmServer() throws {
        let ca = work.appendingPathComponent("tcm-ca.pem").path
        let server = try TPMServerProcess(
            .trustbenchSwtpm, arguments: ["--profile", "generic-tcm2", "--export-ca", ca])
        defer { server.stop() }
        let (result, junit) = try run([
            "--target", "tcti:\(server.tcti)", "--ek-ca", ca, "--allow-clear", "--eventlog", try boot(server),
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(junit.contains("failures=\"0\""), "\(junit)")
        #expect(
            result.output.contains("att.ek-certificate")
                && result.output.contains("chain to the manufacturer CA ... ok"), "\(result.output)")
    }

    @Test("a target that cannot be reached is a sentence and a non-zero exit")
    func unreachable() throws {
        let result = try Peers.run(
            Peers.trustbench, ["run", "--target", "tcti:swtpm:host=127.0.0.1,port=1"], timeout: 60)
        #expect(result.status != 0)
        #expect(result.error.contains("tcti:swtpm:host=127.0.0.1,port=1"), "\(result.error)")
    }
}
