import ArgumentParser
import Bench
import Foundation

/// `trustbench boot`: measures a boot chain of Firmware/ into a TPM's PCRs and writes the
/// TCG crypto-agile event log, as firmware and boot loader would after a reset.
struct Boot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a boot chain into a TPM and write its TCG PC Client event log.",
        discussion: """
            Run it right after the TPM was reset (a newly started server), so the PCRs hold only
            this boot. tpm2_eventlog parses the log; its replay matches tpm2_pcrread.
              trustbench boot --chain uefi-secureboot --target tcti:swtpm:host=127.0.0.1,port=2321 --eventlog boot.log
              trustbench run --target tcti:swtpm:host=127.0.0.1,port=2321 --eventlog boot.log
            """)

    @Option(help: "A chain of Firmware/ (uefi-basic, uefi-secureboot) or a chain folder.")
    var chain: String = "uefi-basic"

    @Option(help: "sim, sim:PROFILE, or tcti:CONF.")
    var target: String

    @Option(help: "Where to write the event log.")
    var eventlog: String

    func run() throws {
        let bootChain: BootChain
        do { bootChain = try BootChain.named(chain) } catch let error as BenchError {
            throw ValidationError(error.description)
        }
        let bench = try TargetSpec.open(target)
        let log = try bootChain.boot(target: bench)
        try Data(log.bytes).write(to: URL(fileURLWithPath: eventlog))
        let pcrs = Set(log.events.map(\.pcr)).sorted().map(String.init).joined(separator: ",")
        print(
            "\(bootChain.name): \(log.events.count) events into PCRs \(pcrs) of \(bench.name), banks \(log.banks.map { "0x" + String($0.rawValue, radix: 16) }.joined(separator: ",")); event log in \(eventlog)"
        )
    }
}
