import Foundation
import Testing

/// `trustbench faults tearing` as users and CI run it.
@Suite(.serialized)
struct FaultsCommandTests {
    /// Runs `faults tearing --device DEVICE --scenario all`: one line per scenario, in order, each
    /// with write points and no violations, exit 0.
    func expectAllPass(device: String, names: [String]) throws {
        let result = try Peers.run(
            Peers.trustbench, ["faults", "tearing", "--device", device, "--scenario", "all"], timeout: 120)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == names.count, "\(result.output)")
        for (line, name) in zip(lines, names) {
            #expect(
                line.range(of: #"^\#(name): cut points: [1-9][0-9]*, violations: 0$"#, options: .regularExpression)
                    != nil, "\(line)")
        }
    }

    @Test("faults tearing --device tpm --scenario all prints one line per scenario, no violations, and exits 0")
    func allTPMScenarios() throws {
        try expectAllPass(
            device: "tpm",
            names: [
                "nv-write", "nv-increment", "nv-extend", "nv-define", "evict-control",
                "hierarchy-change-auth", "clear", "da-failed-auth", "create-primary-persist",
            ])
    }

    @Test(
        "faults tearing --device card --scenario all runs the smartcard scenarios on the ISO test card, no violations")
    func allCardScenarios() throws {
        try expectAllPass(device: "card", names: ["pin-verify-fail", "pin-change", "key-generate", "update-binary"])
    }

    @Test("an unknown scenario or device is a sentence listing the choices, exit status non-zero")
    func badChoices() throws {
        let scenario = try Peers.run(Peers.trustbench, ["faults", "tearing", "--scenario", "nv-nothing"], timeout: 30)
        #expect(scenario.status != 0 && scenario.error.contains("choose all or one of: nv-write"), "\(scenario.error)")
        let card = try Peers.run(
            Peers.trustbench, ["faults", "tearing", "--device", "card", "--scenario", "nv-write"], timeout: 30)
        #expect(
            card.status != 0
                && card.error.contains(
                    "no card scenario nv-write; choose all or one of: pin-verify-fail, pin-change, key-generate, update-binary"
                ),
            "\(card.error)")
        let device = try Peers.run(Peers.trustbench, ["faults", "tearing", "--device", "floppy"], timeout: 30)
        #expect(
            device.status != 0 && device.error.contains("--device takes tpm or card, not floppy"), "\(device.error)")
    }
}
