import DeviceStore
import Profiles
import Testing
@testable import Faults

/// The tearing harness passes our store on every scenario and catches stores that break the
/// promises: one that writes records in place (torn records) and one that acknowledges
/// before its writes are durable (counters go back).
@Suite("Tearing harness")
struct TearingHarnessTests {
    static let profile: HardwareProfile = {
        do { return try ProfileLoader.load(ProfileLoader.defaultTPMName) } catch {
            preconditionFailure("the default TPM profile must load: \(error)")
        }
    }()

    @Test("Every TPM scenario survives a cut at each write point, clean or torn", arguments: TearingScenario.tpm.map(\.name))
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
        #expect(report.violations.contains { $0.contains("(torn)") && $0.contains("write tpm-permanent") }, "\(report.lines)")
    }

    @Test("A store that acknowledges before its writes are durable is caught: the NV counter goes back")
    func lateDurabilityCaught() throws {
        let harness = TearingHarness(profile: Self.profile) { medium throws(StoreError) in try DeferredStore(medium) }
        let report = try harness.run(try #require(TearingScenario.tpm.first { $0.name == "nv-increment" }))
        #expect(report.violations.contains { $0.contains("nv counter went back") }, "\(report.lines)")
    }
}

/// Writes each record straight over its file: no shadow copy, so a torn write corrupts it.
private final class InPlaceStore: DeviceStore {
    let medium: StorageMedium
    init(_ medium: StorageMedium) { self.medium = medium }
    func read(_ name: String) throws(StoreError) -> [UInt8]? { try medium.contents(of: name) }
    func names() throws(StoreError) -> [String] { try medium.files() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        for change in changes {
            if let bytes = change.bytes { try medium.write(change.name, bytes) } else { try medium.remove(change.name) }
        }
    }
}

/// Returns from commit before writing, and writes the previous transaction's records only
/// when the next one arrives: what a client is told is not yet on the medium.
private final class DeferredStore: DeviceStore {
    let records: RecordStore
    var pending: [RecordChange] = []
    init(_ medium: StorageMedium) throws(StoreError) { records = try RecordStore(medium: medium) }
    func read(_ name: String) throws(StoreError) -> [UInt8]? {
        if let change = pending.last(where: { $0.name == name }) { return change.bytes }
        return try records.read(name)
    }
    func names() throws(StoreError) -> [String] { try records.names() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        if !pending.isEmpty { try records.commit(pending) }
        pending = changes
    }
}
