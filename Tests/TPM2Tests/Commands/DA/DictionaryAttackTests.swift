import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// Dictionary-attack protection (Part 1 §19.8) and its two commands (Part 3 §25), observed
/// through a DA-protected NV index and TPM_PT_LOCKOUT_COUNTER (0x20E).
@Suite("Dictionary attack")
struct DictionaryAttackTests {
    static let index = NVTemplates.handle
    static let password = Array("right".utf8)

    /// A DA-protected index (noDA CLEAR) with a password.
    func engineWithProtectedIndex() throws -> TPMEngine {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess), auth: Self.password)
        return engine
    }

    func write(_ engine: TPMEngine, password: [UInt8]) -> UInt32 {
        responseCode(engine, Commands.nvWrite(Self.index, [1], session: .password(password)))
    }

    @Test(
        "a failure that cannot be made durable answers TPM_RC_FAILURE (0x101), not TPM_RC_AUTH_FAIL, and fails the TPM until power-on"
    )
    func failureNotDurable() throws {
        let store = SwitchableStore()
        let engine = try makeEngine(store: store)
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess), auth: Self.password)
        store.failing = true
        #expect(write(engine, password: [1]) == 0x101)
        store.failing = false
        #expect(engine.isInFailureMode)
        #expect(write(engine, password: Self.password) == 0x101, "no authorization is judged in failure mode")
        // GetTestResult: FATAL_ERROR_INTERNAL (3), as the reference's failed NvCommit; TPM_RC_FAILURE.
        let result = Response(engine.execute(command(.getTestResult), locality: 0))
        #expect(result.body.suffix(8) == [0, 0, 0, 3, 0, 0, 0x01, 0x01])
        // The guess that could not be written never happened; counting resumes from the store.
        try engine.powerOn(deleteVolatile: false)
        #expect(responseCode(engine, Commands.startup()) == 0)
        #expect(try engine.property(0x20E) == 0)
        #expect(write(engine, password: [2]) == 0x98E)
        #expect(try engine.property(0x20E) == 1)
    }

    @Test("each wrong password counts; DictionaryAttackLockReset sets failedTries back to 0")
    func lockResetClearsFailures() throws {
        let engine = try engineWithProtectedIndex()
        #expect(write(engine, password: [1]) == 0x98E)
        #expect(write(engine, password: [2]) == 0x98E)
        #expect(try engine.property(0x20E) == 2)
        #expect(responseCode(engine, Commands.dictionaryAttackLockReset()) == 0)
        #expect(try engine.property(0x20E) == 0)
    }

    /// Part 3 §25.1: at maxTries failures the TPM is in lockout and refuses even the
    /// right password on DA-protected entities with TPM_RC_LOCKOUT (a warning, no number).
    @Test(
        "maxTries failures lock out DA-protected entities with TPM_RC_LOCKOUT (0x921) until DictionaryAttackLockReset")
    func lockout() throws {
        let engine = try engineWithProtectedIndex()
        try engine.require(
            Commands.dictionaryAttackParameters(maxTries: 2, recoveryTime: 1000, lockoutRecovery: 1000),
            "DictionaryAttackParameters")
        #expect(try engine.property(0x20F) == 2, "TPM_PT_MAX_AUTH_FAIL")
        #expect(try engine.property(0x210) == 1000, "TPM_PT_LOCKOUT_INTERVAL")
        #expect(write(engine, password: [1]) == 0x98E)
        #expect(write(engine, password: [2]) == 0x98E)
        #expect(try engine.property(0x200) & (1 << 9) != 0, "TPMA_PERMANENT.inLockout")
        #expect(write(engine, password: Self.password) == 0x921)
        try engine.require(Commands.dictionaryAttackLockReset(), "DictionaryAttackLockReset")
        #expect(write(engine, password: Self.password) == 0)
    }

    @Test("DictionaryAttackParameters sets failedTries back to 0")
    func parametersResetFailures() throws {
        let engine = try engineWithProtectedIndex()
        #expect(write(engine, password: [1]) == 0x98E)
        #expect(try engine.property(0x20E) == 1)
        try engine.require(
            Commands.dictionaryAttackParameters(maxTries: 5, recoveryTime: 10, lockoutRecovery: 10),
            "DictionaryAttackParameters")
        #expect(try engine.property(0x20E) == 0)
    }

    /// Part 3 §25.3.1: recoveryTime 0 turns DA protection off: failures still answer
    /// TPM_RC_AUTH_FAIL but are not counted, so there is no lockout.
    @Test("with recoveryTime 0 failures are not counted and never lock out")
    func recoveryTimeZero() throws {
        let engine = try engineWithProtectedIndex()
        try engine.require(
            Commands.dictionaryAttackParameters(maxTries: 1, recoveryTime: 0, lockoutRecovery: 0),
            "DictionaryAttackParameters")
        for guess in 1...3 { #expect(write(engine, password: [UInt8(guess)]) == 0x98E) }
        #expect(try engine.property(0x20E) == 0)
        #expect(write(engine, password: Self.password) == 0)
    }

    @Test(
        "with lockoutRecovery 0 a failed lockoutAuth locks it until the next Startup, of any kind (the reference's DAStartup)"
    )
    func lockoutRecoveryZero() throws {
        let engine = try makeEngine()
        try engine.require(
            Commands.dictionaryAttackParameters(maxTries: 3, recoveryTime: 10, lockoutRecovery: 0),
            "DictionaryAttackParameters")
        let wrongLockoutAuth = command(.dictionaryAttackLockReset, handles: [TPMRH.lockout], sessions: [.password([1])])
        #expect(responseCode(engine, wrongLockoutAuth) == 0x98E)
        #expect(responseCode(engine, Commands.dictionaryAttackLockReset()) == 0x921, "locked, the right authValue too")
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.state) == 0)
        #expect(responseCode(engine, Commands.dictionaryAttackLockReset()) == 0, "a TPM Resume unlocks it")
    }

    @Test("the commands need lockoutAuth: other hierarchies are TPM_RC_VALUE + handle 1 (0x184)")
    func lockoutHandleOnly() throws {
        let engine = try makeEngine()
        #expect(
            responseCode(engine, command(.dictionaryAttackLockReset, handles: [TPMRH.owner], sessions: [.password()]))
                == 0x184)
        #expect(
            responseCode(
                engine,
                command(
                    .dictionaryAttackParameters, handles: [TPMRH.platform], sessions: [.password()],
                    parameters: be32(1) + be32(1) + be32(1))) == 0x184)
    }
}

/// A store whose commits fail on demand (a full or broken disk).
private final class SwitchableStore: DeviceStore {
    let records = MemoryStore()
    var failing = false
    func read(_ name: String) throws(StoreError) -> [UInt8]? { try records.read(name) }
    func names() throws(StoreError) -> [String] { try records.names() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        if failing { throw .io(path: "(test)", reason: "disk full") }
        try records.commit(changes)
    }
}
