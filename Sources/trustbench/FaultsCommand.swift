import ArgumentParser
import Faults
import Foundation
import Profiles

/// `trustbench faults`: fault injection as a test instrument.
struct Faults: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inject faults into an emulated chip and check it keeps its promises.",
        subcommands: [Tearing.self])
}

/// `trustbench faults tearing`: power cut at every write point of each scenario.
struct Tearing: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut power at every write point of a scenario, cleanly and mid-write, and check the device recovers.",
        discussion: """
        Each scenario runs once to count its write points, then again with power cut at each
        point in turn, twice (a clean cut, and a torn write where only half the bytes land).
        The device restarts from what reached the medium; a violation is a state that is
        neither the before- nor the after-image of the interrupted transaction, a device that
        does not restart, or a value the client saw acknowledged that went back (NV counters,
        failed-authorization counts, resetCount).
        Scenarios (tpm): \(TearingScenario.tpm.map(\.name).joined(separator: ", ")).
        Example: trustbench faults tearing --device tpm --scenario all
        """)

    @Option(help: "The emulated device: tpm (card arrives with the smartcard OS).")
    var device: String = "tpm"

    @Option(help: "A scenario name, or all.")
    var scenario: String = "all"

    @Option(help: "Hardware profile name or YAML file.")
    var profile: String = ProfileLoader.defaultTPMName

    func run() throws {
        guard device == "tpm" else {
            if device == "card" {
                throw ValidationError("--device card needs the smartcard OS emulator, which is not built yet; use --device tpm")
            }
            throw ValidationError("--device takes tpm or card, not \(device)")
        }
        let chosen = scenario == "all" ? TearingScenario.tpm : TearingScenario.tpm.filter { $0.name == scenario }
        guard !chosen.isEmpty else {
            throw ValidationError("no scenario \(scenario); choose all or one of: \(TearingScenario.tpm.map(\.name).joined(separator: ", "))")
        }
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
        let harness = TearingHarness(profile: hardware)
        var violations = 0
        for scenario in chosen {
            let report = try harness.run(scenario)
            for line in report.lines { print(line) }
            violations += report.violations.count
        }
        if violations > 0 { throw ExitCode(1) }
    }
}
