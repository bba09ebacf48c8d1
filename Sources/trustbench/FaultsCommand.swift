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
            Each scenario runs once to count its write points, then again with power cut at each \
            point in turn, twice (a clean cut, and a torn write where only half the bytes land). \
            The device restarts from what reached the medium; a violation is a state that is \
            neither the before- nor the after-image of the interrupted transaction, a device that \
            does not restart, or a promise the client saw broken: on a TPM a value that went back \
            (NV counters, failed-authorization counts, resetCount); on a card a free PIN guess, a \
            PIN that is neither the old nor the new one, a key it does not sign with, a file \
            half written.
            Scenarios (tpm): \(TearingScenario.tpm.map(\.name).joined(separator: ", ")).
            Scenarios (card): \(TearingScenario.card.map(\.name).joined(separator: ", ")).
            Example: trustbench faults tearing --device card --scenario all
            """)

    @Option(help: "The emulated device: tpm or card.")
    var device: String = "tpm"

    @Option(help: "A scenario name, or all.")
    var scenario: String = "all"

    @Option(
        help:
            "Hardware profile name or YAML file (default: \(ProfileLoader.defaultTPMName) for tpm, \(ProfileLoader.defaultCardName) for card)."
    )
    var profile: String?

    func run() throws {
        let scenarios: [TearingScenario]
        let defaultProfile: String
        switch device {
        case "tpm": (scenarios, defaultProfile) = (TearingScenario.tpm, ProfileLoader.defaultTPMName)
        case "card": (scenarios, defaultProfile) = (TearingScenario.card, ProfileLoader.defaultCardName)
        default: throw ValidationError("--device takes tpm or card, not \(device)")
        }
        let chosen = scenario == "all" ? scenarios : scenarios.filter { $0.name == scenario }
        guard !chosen.isEmpty else {
            throw ValidationError(
                "no \(device) scenario \(scenario); choose all or one of: \(scenarios.map(\.name).joined(separator: ", "))"
            )
        }
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile ?? defaultProfile) } catch {
            throw ValidationError(error.description)
        }
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
