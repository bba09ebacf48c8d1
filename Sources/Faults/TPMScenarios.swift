import DeviceStore
import Logging
import Profiles
import TPM2
import TPMClient
import TPMTypes

/// A TPM scenario: `setup` runs once, without faults; `operation` is what gets cut, and reports
/// each value the client saw acknowledged that must never go back; `observe` reads those values
/// again after the restart. resetCount is always among them.
struct TPMTearing: TearingDevice {
    let setup: @Sendable (TPMClient) throws(TPMCommandFailure) -> Void
    let operation: @Sendable (TPMClient, inout Acknowledged) throws(TPMCommandFailure) -> Void
    let observe: @Sendable (TPMClient) throws(TPMCommandFailure) -> [String: UInt64]

    /// Started, set up, then Shutdown: the orderly power-off a real TPM gets.
    func prepare(profile: HardwareProfile, store: DeviceStore) throws {
        let engine = try TPMEngine(profile: profile, store: store, logger: TearingHarness.silent)
        try engine.powerOn(deleteVolatile: true)
        let link = TPMClient(device: engine)
        try link.call(Startup.self, .init(.clear))
        try setup(link)
        try link.call(Shutdown.self, .init(.clear))
        engine.powerOff()
    }

    func attempt(profile: HardwareProfile, store: DeviceStore, medium: SimulatedMedium) throws(TearingError)
        -> TearingAttempt
    {
        var acknowledged = Acknowledged()
        var cutCommand = "power-on"
        try TearingHarness.untilPowerLoss(medium) {
            let engine = try TPMEngine(profile: profile, store: store, logger: TearingHarness.silent)
            // A response produced after power was lost never reached the client.
            let link = TPMClient { command in
                let poweredBefore = !medium.isPoweredOff
                let response = engine.execute(command, locality: 0)
                if poweredBefore && medium.isPoweredOff {  // power went during this command
                    cutCommand =
                        command.count >= 10
                        ? "TPM_CC 0x" + String(command[6..<10].reduce(0) { $0 << 8 | UInt32($1) }, radix: 16) : "?"
                }
                return medium.isPoweredOff ? TPMFrame.errorResponse(.failure) : response
            }
            try engine.powerOn(deleteVolatile: true)
            try link.call(Startup.self, .init(.clear))
            acknowledged.record("reset count", try Self.resetCount(link))
            try operation(link, &acknowledged)
        }
        return TearingAttempt(cutCommand: cutCommand) { store in
            check(profile: profile, store: store, acknowledged: acknowledged)
        }
    }

    /// Restarts the TPM on the recovered store: no value the client saw acknowledged went back.
    private func check(profile: HardwareProfile, store: DeviceStore, acknowledged: Acknowledged) -> [String] {
        do {
            let engine = try TPMEngine(profile: profile, store: store, logger: TearingHarness.silent)
            try engine.powerOn(deleteVolatile: true)
            let link = TPMClient(device: engine)
            try link.call(Startup.self, .init(.clear))
            var observed = try observe(link)
            observed["reset count"] = try Self.resetCount(link)
            return acknowledged.values.sorted { $0.key < $1.key }.compactMap { name, value in
                guard let now = observed[name], now < value else { return nil }
                return "\(name) went back: \(value) acknowledged, \(now) after restart"
            }
        } catch {
            return ["the TPM does not restart from the recovered state: \(error)"]
        }
    }

    /// resetCount from ReadClock.
    static func resetCount(_ link: TPMClient) throws(TPMCommandFailure) -> UInt64 {
        UInt64(try link.call(ReadClock.self).clockInfo.resetCount)
    }
}

/// Values a client was told, by a response it received, that the TPM now holds.
public struct Acknowledged: Equatable {
    public private(set) var values: [String: UInt64] = [:]
    mutating func record(_ name: String, _ value: UInt64) { values[name] = value }
}

/// Commands a TPM scenario sends, spelled once.
enum TPMScenarioCommands {
    static let counter: TPMHandle = 0x0150_0001
    static let ordinary: TPMHandle = 0x0150_0002
    static let extend: TPMHandle = 0x0150_0003
    static let guarded: TPMHandle = 0x0150_0004
    static let persistent: TPMHandle = 0x8100_0001

    static func defineSpace(
        _ link: TPMClient, _ index: TPMHandle, size: UInt16, attributes: TPMNVAttributes,
        auth: [UInt8] = []
    ) throws(TPMCommandFailure) {
        let publicInfo = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: attributes, authPolicy: [], dataSize: size)
        try link.call(
            NV_DefineSpace.self, handles: [TPMRH.owner], .init(auth: auth, publicInfo: publicInfo), passwords: [[]])
    }

    static func write(_ link: TPMClient, _ index: TPMHandle, _ data: [UInt8]) throws(TPMCommandFailure) {
        try link.call(NV_Write.self, handles: [TPMRH.owner, index], .init(data: data), passwords: [[]])
    }

    static func increment(_ link: TPMClient) throws(TPMCommandFailure) {
        try link.call(NV_Increment.self, handles: [TPMRH.owner, counter], passwords: [[]])
    }

    static func counterValue(_ link: TPMClient) throws(TPMCommandFailure) -> UInt64 {
        let data = try link.call(NV_Read.self, handles: [TPMRH.owner, counter], .init(size: 8), passwords: [[]]).data
        guard data.count == 8 else { throw .malformedResponse(.nvRead) }
        return data.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// CreatePrimary of a small ECC storage key under the owner; returns its handle.
    static func storagePrimary(_ link: TPMClient) throws(TPMCommandFailure) -> TPMHandle {
        let template = TPMPublic(
            type: .ecc, nameAlg: .sha256,
            attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
            parameters: .ecc(
                symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb),
                scheme: .null, curve: .nistP256, kdf: .null),
            unique: .ecc(TPMECCPoint()))
        return try link.call(CreatePrimary.self, handles: [TPMRH.owner], .init(inPublic: template), passwords: [[]])
            .objectHandle
    }

    static func evictControl(_ link: TPMClient, _ object: TPMHandle) throws(TPMCommandFailure) {
        try link.call(
            EvictControl.self, handles: [TPMRH.owner, object], .init(persistentHandle: persistent), passwords: [[]])
    }

    /// TPM_PT_LOCKOUT_COUNTER (0x20E): authorization failures the dictionary-attack logic counts.
    static func lockoutCounter(_ link: TPMClient) throws(TPMCommandFailure) -> UInt64 {
        guard let count = try link.tpmProperty(TPMPT.lockoutCounter) else {
            throw .malformedResponse(GetCapability.code)
        }
        return UInt64(count)
    }
}

extension TearingScenario {
    init(
        name: String, summary: String,
        setup: @escaping @Sendable (TPMClient) throws(TPMCommandFailure) -> Void,
        operation: @escaping @Sendable (TPMClient, inout Acknowledged) throws(TPMCommandFailure) -> Void,
        observe: @escaping @Sendable (TPMClient) throws(TPMCommandFailure) -> [String: UInt64]
    ) {
        self.init(
            name: name, summary: summary, device: TPMTearing(setup: setup, operation: operation, observe: observe))
    }

    static let ownerRW: TPMNVAttributes = [.ownerRead, .ownerWrite]

    /// The scenarios `trustbench faults tearing --device tpm` knows, in the order it runs them.
    public static let tpm: [TearingScenario] = [
        TearingScenario(
            name: "nv-write", summary: "NV_Write of a whole ordinary index",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(link, TPMScenarioCommands.ordinary, size: 64, attributes: ownerRW)
                try TPMScenarioCommands.write(link, TPMScenarioCommands.ordinary, [UInt8](repeating: 0xA5, count: 64))
            },
            operation: { link, _ throws(TPMCommandFailure) in
                try TPMScenarioCommands.write(link, TPMScenarioCommands.ordinary, [UInt8](repeating: 0x5A, count: 64))
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "nv-increment", summary: "three NV_Increment of a counter",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(
                    link, TPMScenarioCommands.counter, size: 8,
                    attributes: ownerRW.union(TPMNVAttributes(rawValue: 0x10)))
                try TPMScenarioCommands.increment(link)
            },
            operation: { link, acknowledged throws(TPMCommandFailure) in
                var value = try TPMScenarioCommands.counterValue(link)
                for _ in 0..<3 {
                    try TPMScenarioCommands.increment(link)
                    value += 1
                    acknowledged.record("nv counter", value)
                }
            },
            observe: { link throws(TPMCommandFailure) in ["nv counter": try TPMScenarioCommands.counterValue(link)] }),
        TearingScenario(
            name: "nv-extend", summary: "NV_Extend of an extend index",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(
                    link, TPMScenarioCommands.extend, size: 32,
                    attributes: ownerRW.union(TPMNVAttributes(rawValue: 0x40)))
            },
            operation: { link, _ throws(TPMCommandFailure) in
                try link.call(
                    NV_Extend.self, handles: [TPMRH.owner, TPMScenarioCommands.extend],
                    .init(data: Array("measurement".utf8)), passwords: [[]])
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "nv-define", summary: "NV_DefineSpace of a new index",
            setup: { _ throws(TPMCommandFailure) in },
            operation: { link, _ throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(link, TPMScenarioCommands.ordinary, size: 512, attributes: ownerRW)
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "evict-control", summary: "EvictControl removing a persistent key",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.evictControl(link, try TPMScenarioCommands.storagePrimary(link))
            },
            operation: { link, _ throws(TPMCommandFailure) in
                try TPMScenarioCommands.evictControl(link, TPMScenarioCommands.persistent)
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "hierarchy-change-auth", summary: "HierarchyChangeAuth of the owner",
            setup: { _ throws(TPMCommandFailure) in },
            operation: { link, _ throws(TPMCommandFailure) in
                try link.call(
                    HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: Array("new owner password".utf8)),
                    passwords: [[]])
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "clear", summary: "Clear with owner indices and a persistent key present",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(link, TPMScenarioCommands.ordinary, size: 16, attributes: ownerRW)
                try TPMScenarioCommands.evictControl(link, try TPMScenarioCommands.storagePrimary(link))
            },
            operation: { link, _ throws(TPMCommandFailure) in
                try link.call(Clear.self, handles: [TPMRH.lockout], passwords: [[]])
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
        TearingScenario(
            name: "da-failed-auth", summary: "a wrong index password, counted by dictionary-attack protection",
            setup: { link throws(TPMCommandFailure) in
                try TPMScenarioCommands.defineSpace(
                    link, TPMScenarioCommands.guarded, size: 8,
                    attributes: [.authRead, .authWrite], auth: Array("right".utf8))
            },
            operation: { link, acknowledged throws(TPMCommandFailure) in
                let before = try TPMScenarioCommands.lockoutCounter(link)
                do throws(TPMCommandFailure) {
                    try link.call(
                        NV_Read.self, handles: [TPMScenarioCommands.guarded, TPMScenarioCommands.guarded],
                        .init(size: 8), passwords: [Array("wrong".utf8)])
                } catch {
                    // TPM_RC_AUTH_FAIL + session 1: the failure the client was told is counted.
                    guard error == .responseCode(.nvRead, TPMResponseCode(rawValue: 0x98E)) else { throw error }
                    acknowledged.record("failed authorizations", before + 1)
                }
            },
            observe: { link throws(TPMCommandFailure) in
                ["failed authorizations": try TPMScenarioCommands.lockoutCounter(link)]
            }),
        TearingScenario(
            name: "create-primary-persist", summary: "CreatePrimary then EvictControl making it persistent",
            setup: { _ throws(TPMCommandFailure) in },
            operation: { link, _ throws(TPMCommandFailure) in
                try TPMScenarioCommands.evictControl(link, try TPMScenarioCommands.storagePrimary(link))
            },
            observe: { _ throws(TPMCommandFailure) in [:] }),
    ]
}
