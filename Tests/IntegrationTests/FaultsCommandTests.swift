import Foundation
import Testing

/// `trustbench faults tearing` as users and CI run it.
@Suite(.serialized)
struct FaultsCommandTests {
    @Test("faults tearing --device tpm --scenario all prints one line per scenario, no violations, and exits 0")
    func allScenarios() throws {
        let result = try Peers.run(Peers.trustbench, ["faults", "tearing", "--device", "tpm", "--scenario", "all"], timeout: 120)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let names = ["nv-write", "nv-increment", "nv-extend", "nv-define", "evict-control", "hierarchy-change-auth",
                     "clear", "da-failed-auth", "create-primary-persist"]
        #expect(lines.count == names.count, "\(result.output)")
        for (line, name) in zip(lines, names) {
            #expect(line.range(of: #"^\#(name): cut points: [1-9][0-9]*, violations: 0$"#, options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test("an unknown scenario or device is a sentence listing the choices, exit status non-zero")
    func badChoices() throws {
        let scenario = try Peers.run(Peers.trustbench, ["faults", "tearing", "--scenario", "nv-nothing"], timeout: 30)
        #expect(scenario.status != 0 && scenario.error.contains("choose all or one of: nv-write"), "\(scenario.error)")
        let card = try Peers.run(Peers.trustbench, ["faults", "tearing", "--device", "card"], timeout: 30)
        #expect(card.status != 0 && card.error.contains("smartcard OS"), "\(card.error)")
    }
}
