import ArgumentParser
import Bench
import Foundation

/// `trustbench run`: the attestation and key-storage suites against a TPM, with reports for
/// people (console) and CI (JUnit, JSON). Exit status 0 only when no case failed.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run test suites against a TPM: the built-in emulator or any TPM a libtss2 TCTI reaches.",
        discussion: """
            Examples:
              trustbench run --target sim
              trustbench run --target tcti:swtpm:host=127.0.0.1,port=2321 --suite attestation --junit report.xml
              trustbench run --target tcti:device:/dev/tpmrm0 --ek-ca vendor-ca.pem --json report.json
            Cases that need platform authorization, Clear or a restart are skipped, with the reason,
            on targets that do not allow them; --allow-clear grants Clear and lockout use on a TPM
            you may reset.
            """)

    @Option(
        help: "sim, sim:PROFILE, or tcti:CONF (any libtss2 TCTI: swtpm:..., mssim:..., tabrmd:..., device:/dev/tpmrm0)."
    )
    var target: String = "sim"

    @Option(help: "Suites to run: all, or a comma-separated list (attestation, key-storage).")
    var suite: String = "all"

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Write a JSON report here.")
    var json: String?

    @Option(name: .customLong("ek-ca"), help: "The manufacturer CA certificate (PEM) the EK certificates chain to.")
    var ekCA: String?

    @Option(
        help:
            "The TCG event log of what was measured since the target's last reset (for targets the bench cannot reset)."
    )
    var eventlog: String?

    @Flag(help: "Allow cases that run TPM2_Clear or change lockout settings (never on a TPM whose keys you need).")
    var allowClear = false

    func run() throws {
        let suites: [BenchSuite]
        let ca: String?
        var log: EventLog?
        do {
            if let eventlog {
                guard let data = FileManager.default.contents(atPath: eventlog),
                    let parsed = EventLog(bytes: Array(data))
                else {
                    throw BenchError("--eventlog \(eventlog) is not a TCG crypto-agile event log")
                }
                log = parsed
            }
            suites = try Suites.select(suite)
            ca = try ekCA.map { path -> String in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw BenchError("cannot read --ek-ca \(path)")
                }
                return text
            }
            guard target == "sim" || target.hasPrefix("sim:") || target.hasPrefix("tcti:") else {
                throw BenchError(
                    "--target takes sim, sim:PROFILE or tcti:CONF (for example tcti:swtpm:host=127.0.0.1,port=2321 or tcti:device:/dev/tpmrm0), not \(target)"
                )
            }
        } catch let error as BenchError {
            throw ValidationError(error.description)
        }
        // A target that cannot be reached or started is reported as it is, without usage text.
        let bench = try TargetSpec.open(target, manufacturerCA: ca)
        print("TrustBench: \(suites.map(\.name).joined(separator: ", ")) on \(bench.name)")
        let start = Date()
        let results = try BenchRunner(target: bench, granted: allowClear ? [.clear] : [], eventLog: log).run(suites) {
            result, index, total in
            print(
                BenchReports.progressLine(result, index: index, total: total, elapsed: Date().timeIntervalSince(start)))
        }
        print(BenchReports.summary(results, target: bench.name))
        if let junit {
            try Data(BenchReports.junit(results, target: bench.name).utf8).write(to: URL(fileURLWithPath: junit))
        }
        if let json { try BenchReports.json(results, target: bench.name).write(to: URL(fileURLWithPath: json)) }
        if results.contains(where: { if case .failed = $0.status { return true } else { return false } }) {
            throw ExitCode(1)
        }
    }
}
