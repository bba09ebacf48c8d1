import DeviceStore
import Profiles
import TPM2

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
/// there (cleanly, then torn), restarts the TPM from what reached the medium, and checks the
/// invariants: the records equal the before-image or the after-image of the interrupted
/// transaction, the TPM opens and starts, and no value a client saw acknowledged went back.
public struct TearingHarness {
    let profile: HardwareProfile
    /// The store over a medium; RecordStore unless a test wants to show a broken one caught.
    let makeStore: (StorageMedium) throws(StoreError) -> DeviceStore

    public init(profile: HardwareProfile,
                makeStore: @escaping (StorageMedium) throws(StoreError) -> DeviceStore = { medium throws(StoreError) in try RecordStore(medium: medium) }) {
        self.profile = profile
        self.makeStore = makeStore
    }

    public func run(_ scenario: TearingScenario) throws(TearingError) -> TearingReport {
        let baseline = try prepare(scenario)
        let counting = try attempt(scenario, baseline: baseline, cut: nil)
        var violations: [String] = []
        for point in 1...max(counting.writePoints, 1) where counting.writePoints > 0 {
            for torn in [false, true] {
                let outcome = try attempt(scenario, baseline: baseline, cut: (point, torn))
                violations += outcome.violations.map { "write point \(point)\(torn ? " (torn)" : "") [\(outcome.cutOperation)] during \(outcome.cutCommand): \($0)" }
            }
        }
        return TearingReport(scenario: scenario.name, cutPoints: counting.writePoints, violations: violations)
    }

    /// A new TPM with the scenario's setup done and an orderly shutdown: the medium to start from.
    private func prepare(_ scenario: TearingScenario) throws(TearingError) -> [String: [UInt8]] {
        let medium = SimulatedMedium()
        do {
            let engine = try TPMEngine(profile: profile, store: try makeStore(medium))
            try engine.powerOn(deleteVolatile: true)
            let link = TPMCommandLink(device: engine)
            try link.send(.startup, parameters: [0x00, 0x00])
            try scenario.setup(link)
            try link.send(.shutdown, parameters: [0x00, 0x00])
            engine.powerOff()
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

    /// Powers on, starts, runs the operation with power cut at `cut`, then restarts and checks.
    private func attempt(_ scenario: TearingScenario, baseline: [String: [UInt8]], cut: (Int, Bool)?) throws(TearingError) -> Outcome {
        let medium = SimulatedMedium(files: baseline)
        if let (point, torn) = cut { medium.cut(at: point, torn: torn) }
        var outcome = Outcome()
        var acknowledged = Acknowledged()
        let recorder: CommitRecorder
        do {
            recorder = try CommitRecorder(try makeStore(medium))
            let engine = try TPMEngine(profile: profile, store: recorder)
            // A response produced after power was lost never reached the client.
            let link = TPMCommandLink { command in
                let poweredBefore = !medium.isPoweredOff
                let response = engine.execute(command, locality: 0)
                if poweredBefore && medium.isPoweredOff {   // power went during this command
                    outcome.cutCommand = command.count >= 10 ? "TPM_CC 0x" + String(command[6..<10].reduce(0) { $0 << 8 | UInt32($1) }, radix: 16) : "?"
                }
                return medium.isPoweredOff ? [0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01] : response   // TPM_RC_FAILURE
            }
            do {
                try engine.powerOn(deleteVolatile: true)
                try link.send(.startup, parameters: [0x00, 0x00])
                acknowledged.record("reset count", try Self.resetCount(link))
                try scenario.operation(link, &acknowledged)
            } catch {
                if !medium.isPoweredOff { throw TearingError("scenario \(scenario.name) failed without a power cut: \(error)") }
            }
        } catch let error as TearingError {
            throw error
        } catch {
            if !medium.isPoweredOff { throw TearingError("scenario \(scenario.name) failed without a power cut: \(error)") }
            return outcome
        }
        outcome.writePoints = medium.writePoints
        guard cut != nil else { return outcome }
        outcome.cutOperation = medium.operations.last ?? "?"
        outcome.violations = check(after: medium, recorder: recorder, acknowledged: acknowledged, scenario: scenario)
        return outcome
    }

    /// Restarts from what reached the medium and compares with what the client was promised.
    private func check(after medium: SimulatedMedium, recorder: CommitRecorder, acknowledged: Acknowledged,
                       scenario: TearingScenario) -> [String] {
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
            let changed = Set(image.keys).union(recorder.committed.keys).filter { image[$0] != recorder.committed[$0] }.sorted()
            violations.append("records are neither the before- nor the after-image of the interrupted transaction (\(changed.joined(separator: ", ")) differ)")
        }
        do {
            let engine = try TPMEngine(profile: profile, store: store)
            try engine.powerOn(deleteVolatile: true)
            let link = TPMCommandLink(device: engine)
            try link.send(.startup, parameters: [0x00, 0x00])
            var observed = try scenario.observe(link)
            observed["reset count"] = try Self.resetCount(link)
            for (name, value) in acknowledged.values.sorted(by: { $0.key < $1.key }) {
                guard let now = observed[name] else { continue }
                if now < value { violations.append("\(name) went back: \(value) acknowledged, \(now) after restart") }
            }
        } catch {
            violations.append("the TPM does not restart from the recovered state: \(error)")
        }
        return violations
    }

    /// resetCount from ReadClock (TPMS_TIME_INFO: time u64, then clock u64, resetCount u32…).
    static func resetCount(_ link: TPMCommandLink) throws(TPMCommandFailure) -> UInt64 {
        var reply = try link.send(.readClock)
        do throws(TPMError) {
            _ = try reply.parameters.readBytes(16)
            return UInt64(try reply.parameters.read(UInt32.self))
        } catch {
            throw .malformedResponse(.readClock)
        }
    }
}

public struct TearingError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
