import TPMTypes

/// Everything a TPM keeps across power cycles (Part 1 §37 "persistent data"): seeds and
/// proofs, hierarchy authorizations, dictionary-attack state, the clock, persistent objects
/// and NV indices. Written through DeviceStore after every command that changes it.
struct PermanentState: Equatable {
    /// Primary seeds (Part 1 §14.3): EPS, SPS, PPS.
    var endorsementSeed: [UInt8]
    var storageSeed: [UInt8]
    var platformSeed: [UInt8]
    /// Proof values that key tickets and context blobs per hierarchy (Part 1 §14.4).
    var endorsementProof: [UInt8]
    var ownerProof: [UInt8]
    var platformProof: [UInt8]

    var ownerAuth: [UInt8] = []
    var endorsementAuth: [UInt8] = []
    var lockoutAuth: [UInt8] = []
    var ownerPolicy = HierarchyPolicy()
    var endorsementPolicy = HierarchyPolicy()
    var lockoutPolicy = HierarchyPolicy()

    var ownerEnabled = true  // shEnable
    var endorsementEnabled = true  // ehEnable
    var platformNVEnabled = true  // phEnableNV
    var disableClear = false

    var dictionaryAttack = DictionaryAttackState()

    /// TPMS_CLOCK_INFO pieces (Part 2 §10.11.1); clock in milliseconds.
    var clock: UInt64 = 0
    var resetCount: UInt32 = 0
    var restartCount: UInt32 = 0
    /// Whether the last shutdown was orderly (Shutdown before power off).
    var orderlyShutdown = true
    /// The saved TPM_SU_STATE image, if Shutdown(STATE) ran.
    var savedState: [UInt8]? = nil

    /// PCR banks allocated (PCR_Allocate takes effect at the next reset).
    var pcrBanks: [TPMAlgorithm]
    var pendingPCRBanks: [TPMAlgorithm]? = nil

    /// PCR_SetAuthPolicy policies by PCR number.
    var pcrPolicies: [Int: HierarchyPolicy] = [:]

    /// Commands that need physical presence when platform authorizes them (PP_Commands).
    var ppCommands: Set<TPMCommandCode> = []
    /// Command audit (Part 1 §33): the audited commands, the digest's hash, and the counter of
    /// audit sequences (incremented when a new audit digest starts).
    var auditCommands: Set<TPMCommandCode> = []
    var auditHash: TPMAlgorithm = .sha256
    var auditCounter: UInt64 = 0

    var persistentObjects: [TPMHandle: StoredObject] = [:]
    var nvIndices: [TPMHandle: NVIndex] = [:]

    /// Last value handed to an NV counter index anywhere: new counters start above it
    /// (Part 1 §37.4.2, so a counter never repeats a value after undefine and redefine).
    var maxCounter: UInt64 = 0

    /// The vendor-defined algorithm set the platform chose (SetAlgorithmSet; 0 at manufacture).
    var algorithmSet: UInt32 = 0
}

/// An authorization policy and its hash (SetPrimaryPolicy).
struct HierarchyPolicy: Equatable {
    var hash: TPMAlgorithm = .null
    var digest: [UInt8] = []
}

/// Dictionary-attack protection (Part 1 §19.8).
struct DictionaryAttackState: Equatable {
    var failedTries: UInt32 = 0
    var maxTries: UInt32 = 3
    var recoveryTime: UInt32 = 1000  // seconds per decrement of failedTries
    var lockoutRecovery: UInt32 = 1000  // seconds lockoutAuth stays locked after a failure
    /// Clock (ms) when failedTries last changed, for self-healing.
    var lastDecrementClock: UInt64 = 0
    /// lockoutAuth locked until this clock value (ms); 0 = not locked.
    var lockoutAuthLockedUntil: UInt64 = 0
    var lockoutAuthLockedUntilReboot = false
}

/// A persistent object: what EvictControl copied out of a loaded object.
struct StoredObject: Equatable {
    var hierarchy: TPMHandle
    var publicArea: TPMPublic
    var sensitive: TPMSensitive
    /// Kept so children created under a persistent parent record its true qualified name.
    var qualifiedName: [UInt8]
}

/// An NV index: its public area, auth value and data.
struct NVIndex: Equatable {
    var publicArea: TPMNVPublic
    var authValue: [UInt8]
    var data: [UInt8]
}
