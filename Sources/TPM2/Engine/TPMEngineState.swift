import DeviceStore
import Foundation
import Logging
import TPMTypes
import TrustCrypto

/// The TPM's state while it runs: the permanent part (persisted through DeviceStore) and the
/// volatile part (PCRs, loaded objects, sessions) that a power cycle loses. Commands read and
/// change it; `commit()` writes it to the store, once per command (TPMEngine.execute) and at
/// each platform event.
final class TPMEngineState {
    let config: EngineConfiguration
    let store: DeviceStore
    var permanent: PermanentState
    /// The permanent state as the store last took it: the one commit point per command
    /// (`commit`) writes `permanent` when it differs, and `rollBack` returns to it.
    private(set) var committed: PermanentState

    // Volatile state (lost on TPM Reset, Part 3 §9.3.1).
    var started = false
    /// Shutdown ran since Startup: losing power now is orderly.
    var shutdownDone = false
    /// The last power cycle was orderly (Shutdown before power loss): TPMA_STARTUP_CLEAR.orderly.
    var startedOrderly = true
    /// No Clock value reported since the last NV update can have been lost (TPMS_CLOCK_INFO.safe):
    /// false after a disorderly power loss until Clock is written again by ClockSet or Clear.
    var clockSafe = true
    var nullSeed: [UInt8] = []
    var nullProof: [UInt8] = []
    var platformAuth: [UInt8] = []
    var platformPolicy = HierarchyPolicy()
    var platformEnabled = true
    var pcrs: PCRBanks
    var transients: [TPMHandle: LoadedEntity] = [:]
    var sessions: [TPMHandle: AuthSession] = [:]
    var persistentCache: [TPMHandle: TPMObject] = [:]
    /// Hash sequences whose context was saved: they stay here, the blob names them.
    var savedSequences: [UInt64: HashSequence] = [:]
    let primaryCache = PrimaryKeyCache()
    /// Per-boot counter for context blobs (the reference's contextCounter; reset at TPM Reset, Part 3 §9.3.1).
    var contextSequence: UInt64 = 1
    /// The command audit digest (Part 1 §33; state-reset data): empty until an audited command
    /// starts a new one, and after GetCommandAuditDigest or a change of audit hash.
    var commandAuditDigest: [UInt8] = []
    /// The session whose audit digest has seen every command since it started (exclusivity).
    var exclusiveAuditSession: TPMHandle?
    /// Entities the running command deleted while they were authorizing it; their sessions
    /// answer without their authValue (Dispatcher).
    var dissociatedHandles: Set<TPMHandle> = []
    /// Ephemeral scalars handed out by Commit and EC_Ephemeral, by counter.
    var commits = CommitNonces()

    // Signals from the platform.
    var locality: UInt8 = 0
    /// Set while the TPM is in failure mode (FailureMode); only _TPM_Init clears it.
    var failure: FatalError?
    /// The simulator's TEST_FAILURE_MODE (g_forceFailureMode): the next TPM2_SelfTest fails.
    var failureForced = false
    var physicalPresence = false
    var nvAvailable = true

    /// Ticks anchoring Clock and Time to the monotonic clock.
    private var clockAnchorNanos: UInt64 = 0
    private var clockAtAnchor: UInt64 = 0
    private var timeAnchorNanos: UInt64 = 0
    /// Clock runs at nominal / clockRate (ClockRateAdjust); volatile, like the reference's.
    static let nominalClockRate: UInt64 = 30_000
    private var clockRate: UInt64 = TPMEngineState.nominalClockRate

    private let drbg: CTRDRBG

    /// Where the engine reports what a client cannot see (a refused commit, a crypto fault).
    let logger: Logger

    init(config: EngineConfiguration, store: DeviceStore, permanent: PermanentState, logger: Logger) throws(CryptoError)
    {
        self.logger = logger
        self.config = config
        self.store = store
        self.permanent = permanent
        self.committed = permanent
        self.pcrs = PCRBanks(banks: permanent.pcrBanks, count: config.profile.pcrCount)
        self.drbg = try CTRDRBG(entropy: SecureBytes.random(48), personalization: Array("TrustBench TPM".utf8))
        anchorClock()
    }

    /// Manufacture (Part 1 §14.3): fresh seeds and proofs, default authorizations.
    static func manufacture(config: EngineConfiguration) -> PermanentState {
        var state = PermanentState(
            endorsementSeed: SecureBytes.random(64), storageSeed: SecureBytes.random(64),
            platformSeed: SecureBytes.random(64),
            endorsementProof: SecureBytes.random(64), ownerProof: SecureBytes.random(64),
            platformProof: SecureBytes.random(64),
            pcrBanks: config.pcrBanks)
        state.dictionaryAttack.maxTries = config.profile.lockoutMaxTries
        state.dictionaryAttack.recoveryTime = config.profile.lockoutRecoverySeconds
        state.dictionaryAttack.lockoutRecovery = config.profile.lockoutAuthRecoverySeconds
        return state
    }

    // MARK: Randomness

    func random(_ count: Int) -> [UInt8] { drbg.generate(count) }

    func stir(_ data: [UInt8]) {
        try? drbg.reseed(entropy: SecureBytes.random(48), additional: Array(data.prefix(48)))
    }

    // MARK: Clock and time (Part 1 §36)

    /// The instant a command runs at: Clock and Time stand still for the whole of it, so
    /// every value a command reports of them agrees (the reference's TimeUpdateToCurrent at
    /// the start of ExecuteCommand).
    private var commandInstant: UInt64?

    private var now: UInt64 { commandInstant ?? DispatchTime.now().uptimeNanoseconds }

    /// Runs `body` with Clock and Time held at this instant.
    func atOneInstant<T>(_ body: () -> T) -> T {
        commandInstant = DispatchTime.now().uptimeNanoseconds
        defer { commandInstant = nil }
        return body()
    }

    func anchorClock() {
        clockAnchorNanos = now
        clockAtAnchor = permanent.clock
    }

    func anchorTime() { timeAnchorNanos = now }

    /// Clock: milliseconds the TPM has been powered, over its life; never goes back.
    var clock: UInt64 {
        let scaled = (now - clockAnchorNanos).multipliedFullWidth(by: Self.nominalClockRate)
        return clockAtAnchor + clockRate.dividingFullWidth(scaled).quotient / 1_000_000
    }

    /// Time: milliseconds since the last TPM Reset.
    var time: UInt64 { (now - timeAnchorNanos) / 1_000_000 }

    /// Moves Clock forward (ClockSet); the anchor keeps it running from the new value.
    func setClock(_ value: UInt64) {
        permanent.clock = value
        anchorClock()
        clockSafe = true
    }

    /// TPM2_Clear sets Clock back to zero (Part 3 §24.6).
    func resetClock() {
        permanent.clock = 0
        anchorClock()
        clockSafe = true
    }

    /// ClockRateAdjust steps (Part 2 §6.7, TPM_CLOCK_ADJUST): ±1 fine, ±2 medium, ±3 coarse;
    /// positive is faster. The rate stays within 5 % of nominal.
    func adjustClockRate(_ adjust: Int8) {
        let steps: [Int64] = [0, 1, 30, 300]
        let magnitude = steps[Int(adjust.magnitude)]
        let nominal = Int64(Self.nominalClockRate)
        let limit = nominal / 20
        let proposed = Int64(clockRate) - (adjust > 0 ? magnitude : -magnitude)
        setClockRate(UInt64(min(max(proposed, nominal - limit), nominal + limit)))
    }

    /// Back to the nominal rate, as at every power-on.
    func resetClockRate() { setClockRate(Self.nominalClockRate) }

    /// Re-anchors Clock at its current value so the new rate applies from now on.
    private func setClockRate(_ rate: UInt64) {
        let current = clock
        clockRate = rate
        clockAtAnchor = current
        clockAnchorNanos = now
    }

    /// TPMS_CLOCK_INFO (Part 2 §10.11.1).
    var clockInfo: TPMClockInfo {
        TPMClockInfo(
            clock: clock, resetCount: permanent.resetCount, restartCount: permanent.restartCount, safe: clockSafe)
    }

    // MARK: Hierarchies (Part 1 §14)

    func isHierarchyEnabled(_ handle: TPMHandle) -> Bool {
        switch handle {
        case TPMRH.owner: return permanent.ownerEnabled
        case TPMRH.endorsement: return permanent.endorsementEnabled
        case TPMRH.platform: return platformEnabled
        case TPMRH.null: return true
        default: return false
        }
    }

    func primarySeed(_ hierarchy: TPMHandle) -> [UInt8] {
        switch hierarchy {
        case TPMRH.owner: return permanent.storageSeed
        case TPMRH.endorsement: return permanent.endorsementSeed
        case TPMRH.platform: return permanent.platformSeed
        default: return nullSeed
        }
    }

    /// The proof value that keys tickets and saved contexts of `hierarchy`.
    func proof(_ hierarchy: TPMHandle) -> [UInt8] {
        switch hierarchy {
        case TPMRH.owner: return permanent.ownerProof
        case TPMRH.endorsement: return permanent.endorsementProof
        case TPMRH.platform: return permanent.platformProof
        default: return nullProof
        }
    }

    // MARK: Transient slots

    /// Transient objects plus sequences in use, against the profile's slots.
    var hasFreeObjectSlot: Bool { transients.count < config.profile.transientObjectSlots }

    func addTransient(_ entity: LoadedEntity) throws(TPMError) -> TPMHandle {
        guard hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        var handle = TPMRH.transientFirst
        while transients[handle] != nil { handle += 1 }
        transients[handle] = entity
        return handle
    }

    /// The object at a transient or persistent handle (TPM_RC_HANDLE / REFERENCE when absent).
    func object(_ handle: TPMHandle) throws(TPMError) -> TPMObject {
        switch handle.handleType {
        case .transient:
            guard case .object(let object)? = transients[handle] else { throw TPMError(.handle) }
            return object
        case .persistent:
            if let cached = persistentCache[handle] { return cached }
            guard let stored = permanent.persistentObjects[handle] else { throw TPMError(.handle) }
            let object = TPMObject(
                publicArea: stored.publicArea, sensitive: stored.sensitive, hierarchy: stored.hierarchy,
                qualifiedName: [])
            object.persistentHandle = handle
            object.qualifiedName = stored.qualifiedName
            persistentCache[handle] = object
            return object
        default:
            throw TPMError(.handle)
        }
    }

    func sequence(_ handle: TPMHandle) throws(TPMError) -> HashSequence {
        guard case .sequence(let sequence)? = transients[handle] else { throw TPMError(.handle) }
        return sequence
    }

    // MARK: Entities: names, auth values and policies (Part 1 §16, §19)

    /// The Name of any handle: objects and NV indices hash their public area, everything
    /// else is named by its handle value.
    func name(of handle: TPMHandle) throws(TPMError) -> [UInt8] {
        switch handle.handleType {
        case .transient:
            switch transients[handle] {
            case .object(let object)?: return object.name
            case .sequence?: return []  // no public area, so the Empty Buffer (as TSS stacks compute it)
            case nil: throw TPMError(.handle)
            }
        case .persistent:
            return try object(handle).name
        case .nvIndex:
            guard let index = permanent.nvIndices[handle] else { throw TPMError(.handle) }
            return index.publicArea.name
        default:
            return handle.bigEndianBytes
        }
    }

    func authValue(of handle: TPMHandle) -> [UInt8] {
        switch handle {
        case TPMRH.owner: return permanent.ownerAuth
        case TPMRH.endorsement: return permanent.endorsementAuth
        case TPMRH.platform: return platformAuth
        case TPMRH.lockout: return permanent.lockoutAuth
        default: break
        }
        switch handle.handleType {
        case .transient:
            switch transients[handle] {
            case .object(let object)?: return object.authValue
            case .sequence(let sequence)?: return sequence.authValue
            case nil: return []
            }
        case .persistent: return (try? object(handle))?.authValue ?? []
        case .nvIndex: return permanent.nvIndices[handle]?.authValue ?? []
        case .pcr: return pcrs.authValues[Int(handle)] ?? []
        default: return []
        }
    }

    /// The policy an entity is authorized by, and its hash; nil digest means none set.
    func authPolicy(of handle: TPMHandle) -> HierarchyPolicy {
        switch handle {
        case TPMRH.owner: return permanent.ownerPolicy
        case TPMRH.endorsement: return permanent.endorsementPolicy
        case TPMRH.platform: return platformPolicy
        case TPMRH.lockout: return permanent.lockoutPolicy
        default: break
        }
        switch handle.handleType {
        case .transient, .persistent:
            guard let object = try? object(handle) else { return HierarchyPolicy() }
            return HierarchyPolicy(hash: object.publicArea.nameAlg, digest: object.publicArea.authPolicy)
        case .nvIndex:
            guard let index = permanent.nvIndices[handle] else { return HierarchyPolicy() }
            return HierarchyPolicy(hash: index.publicArea.nameAlg, digest: index.publicArea.authPolicy)
        case .pcr:
            return permanent.pcrPolicies[Int(handle)] ?? HierarchyPolicy()
        default:
            return HierarchyPolicy()
        }
    }

    /// Part 1 §19.8.1: failures count toward lockout unless the entity is exempt (noDA
    /// objects and indices, hierarchies, PCRs); lockoutAuth has its own rule.
    func isDictionaryAttackProtected(_ handle: TPMHandle) -> Bool {
        switch handle.handleType {
        case .transient, .persistent:
            // A sequence object is DA exempt (the reference sets noDA on every sequence).
            if case .sequence? = transients[handle] { return false }
            guard let object = try? object(handle) else { return false }
            return !object.attributes.contains(.noDA)
        case .nvIndex:
            guard let index = permanent.nvIndices[handle] else { return false }
            return !index.publicArea.attributes.contains(.noDA)
        default:
            return false
        }
    }

    /// The hash a client names, if this profile implements it: every client-chosen hash goes
    /// through here before it reaches EngineCrypto, so an algorithm the start-up check never
    /// tried answers TPM_RC_HASH instead of failing the TPM.
    func admittedHash(_ alg: TPMAlgorithm) -> HashAlgorithm? {
        config.supports(alg) ? alg.hashAlgorithm : nil
    }

    // MARK: Persistence

    /// The commit point of a command (TPMEngine.execute) and of each platform event: writes
    /// the permanent state in one store transaction if it differs from what the store holds,
    /// before the response leaves. A state that cannot be written is rolled back (memory never
    /// runs ahead of the store) and the TPM enters failure mode with
    /// FATAL_ERROR_INTERNAL, as the reference does when its NV commit fails: the
    /// command answers TPM_RC_FAILURE, and no later guess at an authValue is judged until a
    /// power cycle, so a failing store cannot buy a guesser uncounted tries.
    func commit() throws(TPMError) {
        guard permanent != committed else { return }
        permanent.clock = clock
        anchorClock()
        do { try store.write(TPMEngine.permanentRecord, permanent.encoded()) } catch {
            logger.error(
                "the state store refused the TPM's state (\(error)); the TPM is in failure mode until the next _TPM_Init"
            )
            rollBack()
            failure = .internalError
            throw TPMError(.failure)
        }
        committed = permanent
    }

    /// Forgets every change since the last commit (a command that failed whole).
    func rollBack() {
        permanent = committed
    }
}
