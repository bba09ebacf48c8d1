import DeviceStore
import Logging
import Profiles

/// What cutting power at every write point of one scenario found.
public struct TearingReport: Sendable {
    public let scenario: String
    /// Write points of the operation; each is cut twice, cleanly and with a torn write.
    public let cutPoints: Int
    public let violations: [String]

    /// `SCENARIO: cut points: N, violations: V`, then one line per violation.
    public var lines: [String] {
        ["\(scenario): cut points: \(cutPoints), violations: \(violations.count)"] + violations.map { "  " + $0 }
    }
}

/// Runs a scenario once to count its write points, then again for each point with power cut
/// there (cleanly, then torn), restarts the device from what reached the medium, and checks the
/// invariants: the records equal the before-image or the after-image of the interrupted
/// transaction, and the restarted device keeps what the client was told (the scenario's
/// `TearingDevice` knows how to ask). The same for a TPM and a card: only the device differs.
public struct TearingHarness {
    /// The devices' logger here: power is cut on purpose, so the refused commits a device
    /// would report are the experiment, not news.
    static let silent = Logger(label: "trustbench.faults") { _ in SwiftLogNoOpLogHandler() }

    let profile: HardwareProfile
    /// The store over a medium; RecordStore unless a test wants to show a broken one caught.
    let makeStore: (StorageMedium) throws(StoreError) -> DeviceStore

    /// A harness whose devices are made from `profile`, each on a store from `makeStore`.
    /// - Parameters:
    ///   - profile: the hardware profile every device of a run is made from.
    ///   - makeStore: builds the store over each simulated medium, for setup, every attempt and every
    ///     restart; RecordStore by default.
    public init(
        profile: HardwareProfile,
        makeStore: @escaping (StorageMedium) throws(StoreError) -> DeviceStore = { medium throws(StoreError) in
            try RecordStore(medium: medium)
        }
    ) {
        self.profile = profile
        self.makeStore = makeStore
    }

    /// Runs `scenario` once to count its write points, then with power cut at each, cleanly and torn.
    /// - Parameter scenario: the operation to cut, with how its device is set up and checked.
    /// - Returns: the scenario's write points and every invariant the restarted devices broke.
    public func run(_ scenario: TearingScenario) throws(TearingError) -> TearingReport {
        let baseline = try prepare(scenario)
        let counting = try attempt(scenario, baseline: baseline, cut: nil)
        var violations: [String] = []
        for point in 1...max(counting.writePoints, 1) where counting.writePoints > 0 {
            for torn in [false, true] {
                let outcome = try attempt(scenario, baseline: baseline, cut: (point, torn))
                violations += outcome.violations.map {
                    "write point \(point)\(torn ? " (torn)" : "") [\(outcome.cutOperation)] during \(outcome.cutCommand): \($0)"
                }
            }
        }
        return TearingReport(scenario: scenario.name, cutPoints: counting.writePoints, violations: violations)
    }

    /// A new device with the scenario's setup done: the medium every attempt starts from.
    private func prepare(_ scenario: TearingScenario) throws(TearingError) -> [String: [UInt8]] {
        let medium = SimulatedMedium()
        do {
            try scenario.device.prepare(profile: profile, store: try makeStore(medium))
        } catch {
            throw TearingError("scenario \(scenario.name) could not be set up: \(error)")
        }
        return medium.snapshot
    }

    private struct Outcome {
        var writePoints = 0
        var violations: [String] = []
        var cutOperation = ""
        var cutCommand = "power-on"
    }

    /// Starts the device, runs the operation with power cut at `cut`, then restarts and checks.
    private func attempt(_ scenario: TearingScenario, baseline: [String: [UInt8]], cut: (Int, Bool)?)
        throws(TearingError) -> Outcome
    {
        let medium = SimulatedMedium(files: baseline)
        if let (point, torn) = cut { medium.cut(at: point, torn: torn) }
        var outcome = Outcome()
        let recorder: CommitRecorder
        let seen: TearingAttempt
        do {
            recorder = try CommitRecorder(try makeStore(medium))
        } catch {
            if !medium.isPoweredOff {
                throw TearingError("scenario \(scenario.name) failed without a power cut: \(error)")
            }
            return outcome
        }
        do {
            seen = try scenario.device.attempt(profile: profile, store: recorder, medium: medium)
        } catch {
            throw TearingError("scenario \(scenario.name) failed without a power cut: \(error)")
        }
        outcome.writePoints = medium.writePoints
        guard cut != nil else { return outcome }
        outcome.cutOperation = medium.operations.last ?? "?"
        outcome.cutCommand = seen.cutCommand
        outcome.violations = check(after: medium, recorder: recorder, seen: seen)
        return outcome
    }

    /// Restarts from what reached the medium: the records must be one of the two images, and the
    /// device must keep what the client was promised.
    private func check(after medium: SimulatedMedium, recorder: CommitRecorder, seen: TearingAttempt) -> [String] {
        let restarted = SimulatedMedium(files: medium.snapshot)
        let store: DeviceStore
        let image: [String: [UInt8]]
        do {
            store = try makeStore(restarted)
            image = try CommitRecorder.image(of: store)
        } catch {
            return ["the store does not open after the cut: \(error)"]
        }
        var violations: [String] = []
        if image != recorder.committed && image != recorder.inFlight {
            let changed = Set(image.keys).union(recorder.committed.keys).filter { image[$0] != recorder.committed[$0] }
                .sorted()
            violations.append(
                "records are neither the before- nor the after-image of the interrupted transaction (\(changed.joined(separator: ", ")) differ)"
            )
        }
        return violations + seen.check(store)
    }

    /// Runs one attempt's commands: an error once power has gone is the cut doing its job (the
    /// client saw no answer); one with power still on is the scenario failing.
    static func untilPowerLoss(_ medium: SimulatedMedium, _ body: () throws -> Void) throws(TearingError) {
        do { try body() } catch {
            if !medium.isPoweredOff { throw TearingError("\(error)") }
        }
    }
}

public struct TearingError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
