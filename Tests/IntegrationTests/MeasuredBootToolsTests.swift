import Foundation
import Testing

/// `trustbench boot` measuring Firmware/ chains into a server's PCRs: tpm2_eventlog parses the
/// log without warnings and its replay equals tpm2_pcrread; `trustbench run --eventlog` then
/// passes the measured-boot case. Against our server and against swtpm.
@Suite(
    .serialized,
    .enabled(
        if: Peers.isInstalled("tpm2_eventlog") && Peers.isInstalled("swtpm"),
        "tpm2-tools or swtpm is not installed (Tools/install-deps)"))
struct MeasuredBootToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-boot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    /// "  sha256:\n    0 : 0xABC..." lines of tpm2_eventlog's final pcrs section, or tpm2_pcrread's.
    private func sha256Values(_ yaml: String) -> [Int: String] {
        var values: [Int: String] = [:]
        var inBank = false
        for line in yaml.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(":") && !trimmed.contains(" ") {
                inBank = trimmed == "sha256:"
                continue
            }
            guard inBank else { continue }
            let parts = trimmed.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let pcr = Int(parts[0]) { values[pcr] = parts[1].lowercased() }
        }
        return values
    }

    @Test(
        "boot, tpm2_eventlog replay = tpm2_pcrread, and run --eventlog passes measured boot",
        arguments: [
            (TPMServerProcess.Kind.trustbenchSwtpm, "uefi-basic"), (.trustbenchSwtpm, "uefi-secureboot"),
            (.swtpm, "uefi-basic"), (.swtpm, "uefi-secureboot"),
        ])
    func bootChain(kind: TPMServerProcess.Kind, chain: String) throws {
        let server = try TPMServerProcess(kind)
        defer { server.stop() }
        let log = work.appendingPathComponent("\(chain).log").path
        let boot = try Peers.run(
            Peers.trustbench, ["boot", "--chain", chain, "--target", "tcti:\(server.tcti)", "--eventlog", log],
            timeout: 60)
        #expect(boot.status == 0, "\(boot.error)")

        let parsed = try Peers.run("tpm2_eventlog", [log])
        #expect(parsed.status == 0 && !parsed.error.contains("WARN"), "\(parsed.error)")
        let replayed = sha256Values(String(parsed.output.components(separatedBy: "pcrs:").last ?? ""))
        #expect(!replayed.isEmpty)
        let read = try server.tool(
            "tpm2_pcrread", ["sha256:" + replayed.keys.sorted().map(String.init).joined(separator: ",")])
        #expect(sha256Values(read.output) == replayed, "tpm2_eventlog replay vs tpm2_pcrread")

        let run = try Peers.run(
            Peers.trustbench, ["run", "--target", "tcti:\(server.tcti)", "--suite", "attestation", "--eventlog", log],
            timeout: 120)
        #expect(
            run.output.contains("att.measured-boot") && run.output.contains("a tampered log is detected ... ok"),
            "\(run.output)")
    }

    @Test("without --eventlog a target the bench cannot reset skips measured boot and says what to give")
    func skipsWithoutLog() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let run = try Peers.run(
            Peers.trustbench, ["run", "--target", "tcti:\(server.tcti)", "--suite", "attestation"], timeout: 120)
        #expect(run.status == 0)
        #expect(
            run.output.contains("skipped: tcti:\(server.tcti) cannot be reset by the bench: give --eventlog FILE"),
            "\(run.output)")
    }
}
