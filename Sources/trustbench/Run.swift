import ArgumentParser
import Bench
import Foundation
import Profiles

/// `trustbench run`: the TPM suites (attestation, key storage, algorithms) against a TPM, or
/// the card suites against a card, with reports for people (console) and CI (JUnit, JSON).
/// Exit status 0 only when no case failed.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run test suites against a TPM (the built-in emulator or any TPM a libtss2 TCTI reaches) or a card (the built-in card OS or any PC/SC reader).",
        discussion: """
            Examples:
              trustbench run --target sim
              trustbench run --target tcti:swtpm:host=127.0.0.1,port=2321 --suite attestation --junit report.xml
              trustbench run --target tcti:device:/dev/tpmrm0 --ek-ca vendor-ca.pem --json report.json
              trustbench run --target card-sim:iso7816-default --transcript apdus.txt
              trustbench run --target pcsc:0 --suite iso7816 --junit card.xml
            Cases that need platform authorization, Clear or a restart are skipped, with the reason,
            on targets that do not allow them; --allow-clear grants Clear and lockout use on a TPM
            you may reset. On cards, cases that block PINs or write data run only with
            --allow-destructive; `trustbench devices` lists the readers pcsc:READER can name.
            """)

    @Option(
        help:
            "sim, sim:PROFILE, or tcti:CONF (any libtss2 TCTI: swtpm:..., mssim:..., tabrmd:..., device:/dev/tpmrm0) for a TPM; card-sim[:PROFILE] or pcsc[:READER] (a reader's name, a unique prefix of it, or its index) for a card."
    )
    var target: String = "sim"

    @Option(
        help:
            "Suites to run: all, or a comma-separated list (TPMs: attestation, key-storage, algorithms; cards: iso7816, piv). On a card, all runs the suites of the applications it has."
    )
    var suite: String = "all"

    @Option(help: "Cards: record every APDU and answer here (hex, timestamped, with the case id).")
    var transcript: String?

    @Flag(help: "Cards: allow cases that block PINs or write data (never on a card whose data you need).")
    var allowDestructive = false

    @Option(
        name: .customLong("card-pin"),
        help:
            "Cards: a PIN the PIN cases may use, as REF=VALUE: VERIFY's P2 reference in hex and the PIN as typed (01=123456 on card-sim:iso7816-default; 80=123456 for PIV's PIN). Repeat for more."
    )
    var cardPINs: [String] = []

    @Option(
        name: .customLong("card-management-key"),
        help:
            "Cards: PIV's card management key (9B) in hex, 3DES or AES (card-sim:piv-default: 010203040506070801020304050607080102030405060708)."
    )
    var cardManagementKey: String?

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
        if CardTargetSpec.isCard(target) { return try runCard() }
        guard transcript == nil, !allowDestructive, cardPINs.isEmpty, cardManagementKey == nil else {
            throw ValidationError(
                "--transcript, --allow-destructive, --card-pin and --card-management-key are for card targets (card-sim, pcsc)"
            )
        }
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
                    "--target takes sim, sim:PROFILE or tcti:CONF for a TPM (for example tcti:swtpm:host=127.0.0.1,port=2321 or tcti:device:/dev/tpmrm0), or card-sim[:PROFILE] or pcsc[:READER] for a card, not \(target)"
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
        try report(results, target: bench.name)
    }

    /// The card suites against a card target.
    private func runCard() throws {
        guard CardSuites.names(suite) else {
            throw ValidationError(
                "--suite for a card takes all or any of: \(CardSuites.names.joined(separator: ", ")), not \(suite)")
        }
        guard ekCA == nil, eventlog == nil, !allowClear else {
            throw ValidationError("--ek-ca, --eventlog and --allow-clear are for TPM targets")
        }
        var pins: [UInt8: [UInt8]] = [:]
        for entry in cardPINs {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let reference = UInt8(parts[0], radix: 16), !parts[1].isEmpty else {
                throw ValidationError(
                    "--card-pin takes REF=VALUE, VERIFY's P2 reference in hex and the PIN (01=123456), not \(entry)")
            }
            pins[reference] = Array(parts[1].utf8)
        }
        var managementKey: [UInt8]?
        if let text = cardManagementKey {
            // The key is a secret: the message says what is wrong with it, never the key itself.
            guard let bytes = Hex.bytes(text), [16, 24, 32].contains(bytes.count) else {
                throw ValidationError(
                    "--card-management-key takes 16, 24 or 32 bytes as hex digits (48 for 3DES); the value given has \(text.count) characters"
                )
            }
            managementKey = bytes
        }
        // A card that cannot be reached is reported as it is, without usage text; an earlier
        // transcript is emptied only once there is a card to record.
        let card = try CardTargetSpec.open(target)
        let recorder: CardTranscript?
        do { recorder = try transcript.map { try CardTranscript(path: $0) } } catch let error as BenchError {
            throw ValidationError(error.description)
        }
        let runner = CardRunner(
            target: card, allowDestructive: allowDestructive, transcript: recorder,
            credentials: CardCredentials(pins: pins, managementKey: managementKey))
        let (suites, leftOut) = try runner.suites(suite)
        print("TrustBench: \(suites.map(\.name).joined(separator: ", ")) on \(card.name)")
        for (name, reason) in leftOut { print("not running \(name): \(reason)") }
        let start = Date()
        let results = runner.run(suites) {
            result, index, total in
            print(
                BenchReports.progressLine(result, index: index, total: total, elapsed: Date().timeIntervalSince(start)))
        }
        try report(results, target: card.name)
    }

    /// The summary on the console, the JUnit and JSON files if asked; exit status 1 when a case failed.
    private func report(_ results: [CaseResult], target name: String) throws {
        print(BenchReports.summary(results, target: name))
        if let junit {
            try Data(BenchReports.junit(results, target: name).utf8).write(to: URL(fileURLWithPath: junit))
        }
        if let json { try BenchReports.json(results, target: name).write(to: URL(fileURLWithPath: json)) }
        if results.contains(where: { if case .failed = $0.status { return true } else { return false } }) {
            throw ExitCode(1)
        }
    }
}
