import DeviceStore
import Profiles

/// One thing a client does to a device whose every write may be cut (`TearingScenario.tpm`,
/// `TearingScenario.card`). The harness is the same for both; `device` holds how this
/// scenario sets the device up, runs the operation that gets cut and checks the restarted one.
public struct TearingScenario: Sendable {
    public let name: String
    public let summary: String
    let device: any TearingDevice
}

/// A kind of device under the tearing harness, driven only through its command interface
/// (TPM command bytes, APDUs), as a client would drive the chip.
protocol TearingDevice: Sendable {
    /// A new device on `store` with the scenario's setup done, left as after an orderly power-off.
    func prepare(profile: HardwareProfile, store: DeviceStore) throws
    /// Starts the device on `store` and runs the operation while `medium` may lose power; a
    /// response produced after power went never reaches the client. Throws only when the
    /// operation fails with power still on (use `TearingHarness.untilPowerLoss`).
    func attempt(profile: HardwareProfile, store: DeviceStore, medium: SimulatedMedium) throws(TearingError)
        -> TearingAttempt
}

/// What the client of one attempt saw, kept to judge the device restarted after the cut.
struct TearingAttempt {
    /// The command during which power went, for the report.
    var cutCommand: String
    /// The violations found on a device restarted from `store`, given what the client saw.
    var check: (_ store: DeviceStore) -> [String]
}
