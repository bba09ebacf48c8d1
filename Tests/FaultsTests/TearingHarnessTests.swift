import DeviceStore
import Profiles
import Testing

@testable import Faults

/// The tearing harness passes our store on every scenario and catches stores that break the
/// promises: one that writes records in place (torn records) and one that acknowledges
/// before its writes are durable (counters go back).
@Suite("Tearing harness")
struct TearingHarnessTests {
    static let profile = TestProfiles.tpm

    @Test(
        "Every TPM scenario survives a cut at each write point, clean or torn",
        arguments: TearingScenario.tpm.map(\.name))
    func scenario(name: String) throws {
        let scenario = try #require(TearingScenario.tpm.first { $0.name == name })
        let report = try TearingHarness(profile: Self.profile).run(scenario)
        #expect(report.cutPoints >= 4, "Startup's commit and the operation's commits are write points")
        #expect(report.violations.isEmpty, "\(report.lines.joined(separator: "\n"))")
        #expect(report.lines.first == "\(name): cut points: \(report.cutPoints), violations: 0")
    }

    @Test("A store that overwrites records in place is caught: a torn write leaves a record that is neither image")
    func inPlaceWritesCaught() throws {
        let harness = TearingHarness(profile: Self.profile) { medium throws(StoreError) in InPlaceStore(medium) }
        let report = try harness.run(try #require(TearingScenario.tpm.first { $0.name == "nv-write" }))
        #expect(!report.violations.isEmpty)
        #expect(
            report.violations.contains { $0.contains("(torn)") && $0.contains("write tpm-permanent") },
            "\(report.lines)")
    }

    @Test("A store that acknowledges before its writes are durable is caught: the NV counter goes back")
    func lateDurabilityCaught() throws {
        let harness = TearingHarness(profile: Self.profile) { medium throws(StoreError) in try DeferredStore(medium) }
        let report = try harness.run(try #require(TearingScenario.tpm.first { $0.name == "nv-increment" }))
        #expect(report.violations.contains { $0.contains("nv counter went back") }, "\(report.lines)")
    }
}
