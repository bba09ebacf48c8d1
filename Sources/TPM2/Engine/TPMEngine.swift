import DeviceStore
import Foundation
import Logging
import Profiles
import TPMTypes
import TrustCrypto

/// A TPM 2.0 device: the engine behind every transport and the in-process target. One
/// command at a time (a lock around each call), like the serial device it emulates.
public final class TPMEngine: TPMPlatform {
    /// The TPM module's logger (label `trustbench.tpm`): entering failure mode at `error`,
    /// each command's name and answer at `debug`, its bytes at `trace`.
    public static let moduleLogger = Logger(label: "trustbench.tpm")
    static let permanentRecord = "tpm-permanent"
    static let volatileRecord = "tpm-volatile"

    private let lock = NSLock()
    private let state: TPMEngineState
    private var cancelAsserted = false
    private var establishedFlag = false
    private var hcrtm: HashContext?
    private var hcrtmBanks: [TPMAlgorithm: HashContext] = [:]
    public private(set) var isPoweredOn = false
    /// True when opening found no state and manufactured a new TPM: the moment a factory
    /// provisions it (EK certificates), before it is first served.
    public let isNewlyManufactured: Bool
    /// The chip this device emulates; the factory step reads which EKs it certifies from it.
    public let profile: HardwareProfile

    /// Opens the device whose state lives in `store`, manufacturing it on first use.
    /// A state that cannot be read stops here with a sentence that names the problem.
    /// `logger` takes the engine's lines (a fault injector that cuts power on purpose passes a
    /// silent one).
    /// - Parameters:
    ///   - profile: the chip to emulate (algorithms, PCR banks, NV size, limits).
    ///   - store: the device store holding the TPM's permanent and volatile state records.
    ///   - logger: the logger that takes the engine's lines.
    public init(profile: HardwareProfile, store: DeviceStore, logger: Logger = TPMEngine.moduleLogger)
        throws(TPMEngineError)
    {
        let config: EngineConfiguration
        do { config = try EngineConfiguration(profile: profile) } catch { throw .profile(error.description) }
        self.profile = profile
        let permanent: PermanentState
        var manufactured = false
        do {
            if let bytes = try store.read(Self.permanentRecord) {
                do { permanent = try PermanentState.decode(bytes) } catch {
                    throw TPMEngineError.corruptState(
                        "the TPM state record \(Self.permanentRecord) cannot be read: \(error.description); restore it from a backup or point --tpmstate at an empty folder to manufacture a new TPM"
                    )
                }
            } else {
                // Other records without the permanent one: a damaged state, never a new TPM.
                let others = try store.names()
                guard others.isEmpty else {
                    throw TPMEngineError.corruptState(
                        "the TPM state holds \(others.joined(separator: ", ")) but no \(Self.permanentRecord) record; restore the folder from a backup, or point --tpmstate at an empty folder to manufacture a new TPM"
                    )
                }
                permanent = TPMEngineState.manufacture(config: config)
                manufactured = true
                try store.write(Self.permanentRecord, permanent.encoded())
            }
        } catch let error as StoreError {
            if case .corrupt = error { throw .corruptState(error.description) }
            throw .storage(error.description)
        } catch let error as TPMEngineError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
        isNewlyManufactured = manufactured
        do { state = try TPMEngineState(config: config, store: store, permanent: permanent, logger: logger) } catch {
            throw .crypto("\(error)")
        }
    }

    /// A device with state in memory only (the in-process target).
    /// - Parameter profile: the chip to emulate.
    public convenience init(profile: HardwareProfile) throws(TPMEngineError) {
        try self.init(profile: profile, store: MemoryStore())
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    public var maxBufferSize: Int { state.config.profile.maxCommandSize }

    /// Runs one command under the lock and returns the whole response; every failure is a response code.
    /// - Parameters:
    ///   - command: the command bytes (tag, commandSize, commandCode, handles, sessions, parameters).
    ///   - locality: the locality the command arrives from; above 4 answers TPM_RC_LOCALITY.
    /// - Returns: the response bytes; TPM_RC_FAILURE when powered off, and for most commands in failure mode.
    public func execute(_ command: [UInt8], locality: UInt8) -> [UInt8] {
        locked {
            state.logger.trace("> \(Self.hex(command))")
            let response = respond(to: command, locality: locality)
            state.logger.debug("\(Self.commandName(command)) answered \(Self.responseCode(response))")
            state.logger.trace("< \(Self.hex(response))")
            return response
        }
    }

    /// One command under the lock: refused when off, in failure mode or from a locality
    /// beyond 4; otherwise dispatched, then committed.
    private func respond(to command: [UInt8], locality: UInt8) -> [UInt8] {
        guard isPoweredOn else { return TPMFrame.errorResponse(.failure) }
        if let cause = state.failure {
            return FailureMode.respond(to: command, cause: cause, profile: state.config.profile)
        }
        guard locality <= 4 else { return TPMFrame.errorResponse(.locality) }
        state.locality = locality
        let latch = EngineCrypto.FaultLatch()
        let response = state.atOneInstant { EngineCrypto.$latch.withValue(latch) { state.dispatch(command) } }
        if let fault = latch.fault {
            state.logger.error(
                "a cryptographic operation failed (\(fault)); the TPM is in failure mode until the next _TPM_Init")
            state.failure = .crypto
        }
        guard state.failure == nil else {
            // Nothing of the command that failed the TPM becomes durable, now or at a
            // later power event; keys derived during it are forgotten.
            state.rollBack()
            state.primaryCache.removeAll()
            return FailureMode.failure
        }
        // The one commit point: a failed authorization's count, as any other change, is
        // durable before its answer leaves, or the TPM fails (TPMEngineState.commit).
        do throws(TPMError) { try state.commit() } catch { return FailureMode.failure }
        return response
    }

    private static func commandName(_ command: [UInt8]) -> String {
        guard let code = TPMFrame.code(of: command) else { return "a command of \(command.count) bytes" }
        return CommandTable.entries[TPMCommandCode(rawValue: code)].map { "TPM2_\($0.name)" }
            ?? "command 0x\(String(code, radix: 16))"
    }

    private static func responseCode(_ response: [UInt8]) -> String {
        TPMFrame.code(of: response).map { "0x" + String($0, radix: 16) } ?? "with \(response.count) bytes"
    }

    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }

    /// Whether a fatal error stopped the TPM (FailureMode) until the next _TPM_Init.
    public var isInFailureMode: Bool { locked { state.failure != nil } }

    /// The simulator's TEST_FAILURE_MODE signal: the next TPM2_SelfTest enters failure mode
    /// (FATAL_ERROR_FORCED), so clients' handling of a failed TPM can be tested.
    public func forceFailureMode() { locked { state.failureForced = true } }

    /// _TPM_Init after power is applied (after losing power first when it was still on).
    /// - Parameter deleteVolatile: whether to drop the state saved by Shutdown(STATE) (swtpm's INIT flag 1).
    public func powerOn(deleteVolatile: Bool) throws {
        try locked {
            if isPoweredOn { state.powerLost() }
            if deleteVolatile && state.permanent.savedState != nil {
                state.permanent.savedState = nil
            }
            state.initialize()
            isPoweredOn = true
            do { try state.commit() } catch { throw TPMPlatformError.storage("cannot write TPM state") }
        }
    }

    public func powerOff() {
        locked {
            guard isPoweredOn else { return }
            state.powerLost()
            isPoweredOn = false
        }
    }

    /// mssim NV_ON / NV_OFF: while off, commands that need NV answer TPM_RC_NV_UNAVAILABLE.
    /// - Parameter available: whether NV memory is available.
    public func setNVAvailable(_ available: Bool) { locked { state.nvAvailable = available } }
    /// mssim CANCEL_ON / CANCEL_OFF, swtpm CANCEL_TPM_CMD.
    /// - Parameter cancel: whether the cancel signal is asserted.
    public func setCancel(_ cancel: Bool) { locked { cancelAsserted = cancel } }
    /// mssim PHYS_PRES_ON / PHYS_PRES_OFF.
    /// - Parameter asserted: whether physical presence is asserted.
    public func setPhysicalPresence(_ asserted: Bool) { locked { state.physicalPresence = asserted } }

    public var tpmEstablished: Bool { locked { establishedFlag } }

    /// Clears tpmEstablished; refused unless `locality` is 3 or 4.
    /// - Parameter locality: the locality asking for the reset.
    /// - Returns: true when the flag was cleared; false when the locality is not 3 or 4.
    public func resetEstablished(locality: UInt8) -> Bool {
        locked {
            guard locality == 3 || locality == 4 else { return false }
            establishedFlag = false
            return true
        }
    }

    /// _TPM_Hash_Start: begins an H-CRTM (before Startup) or D-RTM (after) event sequence.
    /// - Returns: true when the sequence started, one digest per PCR bank; false when powered off
    ///   or a bank's hash could not be started.
    public func hashStart() -> Bool {
        locked {
            guard isPoweredOn else { return false }
            var banks: [TPMAlgorithm: HashContext] = [:]
            for bank in state.pcrs.banks {
                guard let hash = bank.hashAlgorithm else { continue }
                guard let context = try? HashContext(hash) else { return false }
                banks[bank] = context
            }
            hcrtmBanks = banks
            return true
        }
    }

    /// _TPM_Hash_Data: adds bytes to the sequence _TPM_Hash_Start began.
    /// - Parameter data: the event data to hash into every bank's digest.
    /// - Returns: false when powered off or no sequence was started; true otherwise.
    public func hashData(_ data: [UInt8]) -> Bool {
        locked {
            guard isPoweredOn, !hcrtmBanks.isEmpty else { return false }
            for context in hcrtmBanks.values { context.update(data) }
            return true
        }
    }

    /// _TPM_Hash_End (Part 3 §22.11): before Startup the digest goes into PCR 0 (H-CRTM);
    /// after it, PCRs 17–22 reset to zero and the digest is extended into PCR 17 (D-RTM).
    /// - Returns: true when the digest was extended and tpmEstablished set; false when powered
    ///   off or no sequence was started.
    public func hashEnd() -> Bool {
        locked {
            guard isPoweredOn, !hcrtmBanks.isEmpty else { return false }
            let pcr = state.started ? 17 : 0
            if state.started { for index in 17...22 { state.pcrs.reset(index) } } else { state.pcrs.reset(0) }
            for (bank, context) in hcrtmBanks { state.pcrs.extend(pcr, bank: bank, digest: context.finalize()) }
            hcrtmBanks = [:]
            establishedFlag = true
            return true
        }
    }

    public func storeVolatile() throws {
        try locked {
            guard isPoweredOn else { throw TPMPlatformError.wrongPowerState }
            do throws(StoreError) { try state.store.write(Self.volatileRecord, state.stateImage.encoded()) } catch {
                throw TPMPlatformError.storage(error.description)
            }
        }
    }

    /// The state blob of one kind, in TrustBench's own documented format (docs/STATE.md).
    /// - Parameter kind: which state: permanent, the current volatile image, or the Shutdown(STATE) save.
    /// - Returns: the encoded blob; empty for `.savedState` when no state is saved.
    public func stateBlob(_ kind: TPMStateBlobKind) throws -> [UInt8] {
        locked {
            switch kind {
            case .permanent:
                return state.permanent.encoded()
            case .volatile:
                return state.stateImage.encoded()
            case .savedState:
                guard let saved = state.permanent.savedState else { return [] }
                return saved
            }
        }
    }

    /// Replaces one kind of state and commits it; only while powered off, as swtpm requires.
    /// - Parameters:
    ///   - kind: which state to replace; `.volatile` and `.savedState` both replace the state
    ///     Shutdown(STATE) saved.
    ///   - blob: the encoded state; for `.volatile` or `.savedState` an empty blob removes the saved state.
    public func setStateBlob(_ kind: TPMStateBlobKind, _ blob: [UInt8]) throws {
        try locked {
            guard !isPoweredOn else { throw TPMPlatformError.wrongPowerState }
            switch kind {
            case .permanent:
                do throws(StateFormatError) { state.permanent = try PermanentState.decode(blob) } catch {
                    throw TPMPlatformError.badBlob(error.description)
                }
                // Clock runs on from the imported value, not from this device's.
                state.anchorClock()
            case .volatile, .savedState:
                if !blob.isEmpty {
                    do throws(StateFormatError) { _ = try VolatileImage.decode(blob) } catch {
                        throw TPMPlatformError.badBlob(error.description)
                    }
                }
                state.permanent.savedState = blob.isEmpty ? nil : blob
            }
            do { try state.commit() } catch { throw TPMPlatformError.storage("cannot write TPM state") }
        }
    }
}

/// Why a device could not be opened, as a sentence for people.
public enum TPMEngineError: Error, CustomStringConvertible, Equatable {
    case profile(String)
    case storage(String)
    case corruptState(String)
    case crypto(String)

    public var description: String {
        switch self {
        case .profile(let s), .storage(let s), .corruptState(let s): return s
        case .crypto(let s): return "the crypto library failed to start: \(s)"
        }
    }
}

extension TPMEngineState {
    /// _TPM_Init: volatile state is gone; the TPM waits for Startup.
    func initialize() {
        failure = nil
        failureForced = false
        started = false
        transients = [:]
        persistentCache = [:]
        sessions = sessions.filter { $0.value.isSaved }
        anchorClock()
        anchorTime()
    }

    /// Power removed: without an orderly Shutdown the next Startup sees a disorderly one.
    func powerLost() {
        // In failure mode nothing more becomes durable (the reference skips NvCommit then).
        if started && !shutdownDone && failure == nil {
            permanent.orderlyShutdown = false
        }
        started = false
        try? commit()
    }
}
