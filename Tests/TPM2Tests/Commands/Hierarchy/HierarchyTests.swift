import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// HierarchyControl, ClearControl, Clear, ChangePPS and ChangeEPS (Part 3 §24): who may
/// change what, and what each change removes.
@Suite("Hierarchy commands")
struct HierarchyTests {
    /// One HierarchyControl request: authorization, hierarchy to change, new state.
    struct Request: Sendable, CustomTestStringConvertible {
        let auth: TPMHandle
        let enable: TPMHandle
        let state: Bool
        let code: UInt32
        var testDescription: String {
            "0x\(String(auth, radix: 16)) sets 0x\(String(enable, radix: 16)) to \(state ? "YES" : "NO") → 0x\(String(code, radix: 16))"
        }
    }

    /// Part 3 §24.5: the platform may change anything; owner and endorsement may only
    /// disable themselves. A refused change is TPM_RC_AUTH_TYPE, format zero.
    static let controlRules: [Request] = [
        Request(auth: TPMRH.owner, enable: TPMRH.owner, state: false, code: 0),
        Request(auth: TPMRH.owner, enable: TPMRH.endorsement, state: false, code: 0x124),
        Request(auth: TPMRH.owner, enable: TPMRH.platform, state: false, code: 0x124),
        Request(auth: TPMRH.owner, enable: TPMRH.platformNV, state: false, code: 0x124),
        Request(auth: TPMRH.endorsement, enable: TPMRH.endorsement, state: false, code: 0),
        Request(auth: TPMRH.endorsement, enable: TPMRH.owner, state: false, code: 0x124),
        Request(auth: TPMRH.endorsement, enable: TPMRH.platformNV, state: false, code: 0x124),
        Request(auth: TPMRH.platform, enable: TPMRH.owner, state: false, code: 0),
        Request(auth: TPMRH.platform, enable: TPMRH.endorsement, state: false, code: 0),
        Request(auth: TPMRH.platform, enable: TPMRH.platformNV, state: false, code: 0),
        Request(auth: TPMRH.platform, enable: TPMRH.platform, state: false, code: 0),
        Request(auth: TPMRH.platform, enable: TPMRH.owner, state: true, code: 0),
    ]

    @Test(
        "HierarchyControl: the platform changes anything, owner and endorsement only disable themselves",
        arguments: controlRules)
    func controlRule(_ request: Request) throws {
        let engine = try makeEngine()
        #expect(
            responseCode(engine, Commands.hierarchyControl(request.enable, state: request.state, by: request.auth))
                == request.code)
    }

    @Test(
        "HierarchyControl with an enable that is no hierarchy is TPM_RC_VALUE + parameter 1 (0x1C4), a state above YES + parameter 2 (0x2C4)"
    )
    func controlParameters() throws {
        let engine = try makeEngine()
        #expect(
            responseCode(engine, Commands.hierarchyControl(TPMRH.lockout, state: false, by: TPMRH.platform)) == 0x1C4)
        let badState = command(
            .hierarchyControl, handles: [TPMRH.platform], sessions: [.password()], parameters: be32(TPMRH.owner) + [2])
        #expect(responseCode(engine, badState) == 0x2C4)
    }

    /// Part 3 §5.4 and §24.2.1: indices of a disabled hierarchy are not there (TPM_RC_HANDLE on the
    /// index handle); loaded objects are flushed; ownerAuth itself is refused (TPM_RC_HIERARCHY).
    @Test(
        "disabling the owner hides owner indices, flushes owner objects and refuses owner authorization until the platform enables it"
    )
    func disabledOwner() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.define(
            NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate]), by: TPMRH.platform)
        let ownerKey = try engine.primary(in: TPMRH.owner)
        let endorsementKey = try engine.primary(in: TPMRH.endorsement)
        try engine.require(Commands.nvWrite(NVTemplates.handle, [1]), "NV_Write")

        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: false, by: TPMRH.owner), "HierarchyControl")
        #expect(responseCode(engine, Commands.nvReadPublic(NVTemplates.handle)) == 0x18B)
        #expect(responseCode(engine, Commands.nvRead(NVTemplates.handle, size: 1, by: TPMRH.platform)) == 0x28B)
        #expect(responseCode(engine, Commands.nvReadPublic(0x0140_0001)) == 0, "platform indices stay")
        #expect(responseCode(engine, Commands.readPublic(ownerKey)) == 0x910)
        #expect(responseCode(engine, Commands.readPublic(endorsementKey)) == 0)
        #expect(responseCode(engine, Commands.createPrimary(Templates.eccSigning, hierarchy: TPMRH.owner)) == 0x185)

        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: true, by: TPMRH.platform), "HierarchyControl")
        #expect(responseCode(engine, Commands.nvRead(NVTemplates.handle, size: 1)) == 0)
    }

    @Test("disabling phEnableNV hides platform indices only")
    func disabledPlatformNV() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.define(
            NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate]), by: TPMRH.platform)
        try engine.require(
            Commands.hierarchyControl(TPMRH.platformNV, state: false, by: TPMRH.platform), "HierarchyControl")
        #expect(responseCode(engine, Commands.nvReadPublic(0x0140_0001)) == 0x18B)
        #expect(responseCode(engine, Commands.nvReadPublic(NVTemplates.handle)) == 0)
    }

    /// Part 3 §9.3: shEnable is state-clear data; Startup(CLEAR) sets it, a Resume does not.
    @Test("a disabled owner hierarchy stays disabled through a Resume and comes back with Startup(CLEAR)")
    func ownerEnabledAgainAtStartupClear() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: false, by: TPMRH.owner), "HierarchyControl")
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.state) == 0)
        #expect(responseCode(engine, Commands.nvReadPublic(NVTemplates.handle)) == 0x18B)
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.clear) == 0)
        #expect(responseCode(engine, Commands.nvReadPublic(NVTemplates.handle)) == 0)
    }

    /// Part 3 §24.5 and Part 4 HierarchyControl: owner (endorsement) may leave itself
    /// enabled — nothing changes, nothing is flushed. Once it is disabled its own
    /// authorization is refused when the handle is checked (TPM_RC_HIERARCHY on handle 1),
    /// so the command's TPM_RC_AUTH_TYPE for re-enabling is never reached; the platform can.
    @Test(
        "owner or endorsement enabling itself while enabled succeeds; once owner is disabled, owner authorization is TPM_RC_HIERARCHY + handle 1 (0x185)"
    )
    func enableWhileEnabled() throws {
        let engine = try makeEngine()
        let ownerKey = try engine.primary(in: TPMRH.owner)
        let endorsementKey = try engine.primary(in: TPMRH.endorsement)
        let startupClear = try engine.property(0x201)
        #expect(responseCode(engine, Commands.hierarchyControl(TPMRH.owner, state: true, by: TPMRH.owner)) == 0)
        #expect(
            responseCode(engine, Commands.hierarchyControl(TPMRH.endorsement, state: true, by: TPMRH.endorsement)) == 0)
        #expect(try engine.property(0x201) == startupClear, "TPM_PT_STARTUP_CLEAR")
        #expect(responseCode(engine, Commands.readPublic(ownerKey)) == 0, "nothing was flushed")
        #expect(responseCode(engine, Commands.readPublic(endorsementKey)) == 0)

        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: false, by: TPMRH.owner), "HierarchyControl")
        #expect(responseCode(engine, Commands.hierarchyControl(TPMRH.owner, state: true, by: TPMRH.owner)) == 0x185)
        #expect(try engine.property(0x201) & 0b10 == 0, "shEnable stays CLEAR")
        #expect(responseCode(engine, Commands.hierarchyControl(TPMRH.owner, state: true, by: TPMRH.platform)) == 0)
        #expect(try engine.property(0x201) == startupClear)
    }

    /// Part 4 ObjectLoadEvict: a persistent handle below 0x81800000 is the owner's and needs
    /// shEnable, an endorsement object there needs ehEnable as well; platform handles need
    /// phEnable only. A hidden object is not there: TPM_RC_HANDLE on the handle.
    @Test(
        "persistent objects of a disabled hierarchy are TPM_RC_HANDLE + handle 1 (0x18B); platform persistent objects stay"
    )
    func disabledHierarchyHidesPersistentObjects() throws {
        let engine = try makeEngine()
        try engine.require(Commands.evictControl(try engine.primary(in: TPMRH.owner), to: 0x8100_0001), "EvictControl")
        try engine.require(
            Commands.evictControl(try engine.primary(in: TPMRH.endorsement), to: 0x8101_0001), "EvictControl")
        try engine.require(
            Commands.evictControl(try engine.primary(in: TPMRH.platform), to: 0x8180_0001, by: TPMRH.platform),
            "EvictControl")

        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: false, by: TPMRH.owner), "HierarchyControl")
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0x18B)
        #expect(responseCode(engine, Commands.readPublic(0x8101_0001)) == 0x18B, "the owner's handle range")
        #expect(responseCode(engine, Commands.readPublic(0x8180_0001)) == 0)

        try engine.require(Commands.hierarchyControl(TPMRH.owner, state: true, by: TPMRH.platform), "HierarchyControl")
        try engine.require(
            Commands.hierarchyControl(TPMRH.endorsement, state: false, by: TPMRH.platform), "HierarchyControl")
        #expect(responseCode(engine, Commands.readPublic(0x8101_0001)) == 0x18B)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0)
        #expect(responseCode(engine, Commands.readPublic(0x8180_0001)) == 0)
        // EvictControl may still remove a hidden object (Part 4 ObjectLoadEvict's exception).
        #expect(responseCode(engine, Commands.evictControl(0x8101_0001, to: 0x8101_0001)) == 0)
        try engine.require(
            Commands.hierarchyControl(TPMRH.endorsement, state: true, by: TPMRH.platform), "HierarchyControl")
        #expect(responseCode(engine, Commands.readPublic(0x8101_0001)) == 0x18B, "removed, not merely hidden")
    }

    /// platformAuth and platformPolicy are state-clear data (gc in Part 4): Shutdown(STATE)
    /// saves them and a Resume brings them back, also when the process restarted; a TPM
    /// Reset starts them empty. Hierarchies are not DA-protected: a wrong password is
    /// TPM_RC_BAD_AUTH on session 1.
    @Test(
        "platformAuth and platformPolicy survive Shutdown(STATE) + Startup(STATE), also in a new process; Startup(CLEAR) empties them"
    )
    func platformAuthAcrossResume() throws {
        let store = MemoryStore()
        let engine = try makeEngine(store: store)
        let pp = Array("pp".utf8)
        func platformPassword(_ tpm: TPMEngine, _ auth: [UInt8]) -> UInt32 {
            responseCode(tpm, Commands.clockRateAdjust(0, by: TPMRH.platform, session: .password(auth)))
        }
        func platformPolicy(_ tpm: TPMEngine) throws -> UInt32 {
            responseCode(
                tpm, Commands.clockRateAdjust(0, by: TPMRH.platform, session: .policy(try tpm.startPolicySession())))
        }
        try engine.require(
            Commands.setPrimaryPolicy(TPMRH.platform, policy: [UInt8](repeating: 0, count: 32)), "SetPrimaryPolicy")
        try engine.require(Commands.hierarchyChangeAuth(TPMRH.platform, newAuth: pp), "HierarchyChangeAuth")
        #expect(platformPassword(engine, []) == 0x9A2)

        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.state) == 0)
        #expect(platformPassword(engine, []) == 0x9A2)
        #expect(platformPassword(engine, pp) == 0)
        #expect(try platformPolicy(engine) == 0)

        try engine.require(Commands.shutdown(StartupType.state), "Shutdown")
        let resumed = try reopenEngine(store: store)
        #expect(responseCode(resumed, Commands.startup(StartupType.state)) == 0)
        #expect(platformPassword(resumed, []) == 0x9A2)
        #expect(platformPassword(resumed, pp) == 0)
        #expect(try platformPolicy(resumed) == 0)

        #expect(try resumed.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(platformPassword(resumed, []) == 0)
        #expect(platformPassword(resumed, pp) == 0x9A2)
        #expect(try platformPolicy(resumed) == 0x12F, "no platformPolicy: TPM_RC_AUTH_UNAVAILABLE")
    }

    // MARK: ClearControl and Clear

    /// Part 3 §24.7: lockoutAuth may set disableClear but never clear it; the command says
    /// so with TPM_RC_AUTH_FAIL, which carries no number here.
    @Test(
        "ClearControl: lockout enabling Clear is TPM_RC_AUTH_FAIL (0x08E); disabled Clear is TPM_RC_DISABLED (0x120); the platform re-enables"
    )
    func clearControl() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.clearControl(disable: false, by: TPMRH.lockout)) == 0x08E)
        try engine.require(Commands.clearControl(disable: true, by: TPMRH.lockout), "ClearControl")
        #expect(try engine.property(0x200) & (1 << 8) != 0, "TPMA_PERMANENT.disableClear")
        #expect(responseCode(engine, Commands.clear()) == 0x120)
        #expect(responseCode(engine, Commands.clear(by: TPMRH.platform)) == 0x120)
        #expect(responseCode(engine, Commands.clearControl(disable: false, by: TPMRH.lockout)) == 0x08E)
        try engine.require(Commands.clearControl(disable: false, by: TPMRH.platform), "ClearControl")
        #expect(responseCode(engine, Commands.clear()) == 0)
    }

    @Test("Clear by the owner is TPM_RC_VALUE + handle 1 (0x184)")
    func clearNeedsLockoutOrPlatform() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.clear(by: TPMRH.owner)) == 0x184)
    }

    /// Part 3 §24.6: Clock goes back to zero (and is safe), resetCount and restartCount to
    /// zero, dictionary-attack state to its defaults; owner objects, indices and
    /// authorizations go, platform indices stay.
    @Test("Clear zeroes Clock and the reset counters, forgets DA failures, removes the owner's things")
    func clearResets() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(), auth: Array("pw".utf8))
        try engine.define(
            NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate]), by: TPMRH.platform)
        let ownerName = try engine.names(try engine.primary(in: TPMRH.owner)).name
        try engine.require(Commands.evictControl(TPMRH.transientFirst, to: 0x8100_0001), "EvictControl")
        try engine.require(
            command(
                .hierarchyChangeAuth, handles: [TPMRH.owner], sessions: [.password()],
                parameters: be16(2) + Array("ow".utf8)), "HierarchyChangeAuth")
        #expect(responseCode(engine, Commands.nvWrite(NVTemplates.handle, [1], session: .password([0x42]))) == 0x98E)
        try engine.require(Commands.clockSet(try engine.clockInfo().clock + 50_000_000, by: TPMRH.platform), "ClockSet")
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.clear) == 0)
        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        let before = try engine.clockInfo()
        #expect(before.clock >= 50_000_000 && before.resetCount > 0)
        #expect(try engine.property(0x20E) == 1, "TPM_PT_LOCKOUT_COUNTER")

        try engine.require(Commands.clear(), "Clear")
        let after = try engine.clockInfo()
        #expect(after.clock < 10_000)
        #expect(after.resetCount == 0 && after.restartCount == 0 && after.safe == 1)
        #expect(try engine.property(0x20E) == 0, "TPM_PT_LOCKOUT_COUNTER")
        #expect(try engine.nvPublic(NVTemplates.handle) == nil)
        #expect(try engine.nvPublic(0x0140_0001) != nil)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0x18B)
        #expect(try engine.names(try engine.primary(in: TPMRH.owner)).name != ownerName, "a new storage seed")
    }

    // MARK: ChangePPS and ChangeEPS

    /// Part 3 §24.10: a new platform seed; platform objects go, platform-created NV indices stay
    /// (as in the reference implementation and libtpms: EK certificates survive).
    @Test("ChangePPS deletes platform persistent objects, keeps platformCreate indices and changes platform primaries")
    func changePPS() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.define(
            NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate]), by: TPMRH.platform)
        let platformKey = try engine.primary(in: TPMRH.platform)
        let platformName = try engine.names(platformKey).name
        try engine.require(Commands.evictControl(platformKey, to: 0x8180_0001, by: TPMRH.platform), "EvictControl")
        let ownerKey = try engine.primary(in: TPMRH.owner)
        try engine.require(Commands.evictControl(ownerKey, to: 0x8100_0001), "EvictControl")

        try engine.require(Commands.changePPS(), "ChangePPS")
        #expect(try engine.nvPublic(0x0140_0001) != nil)
        #expect(responseCode(engine, Commands.readPublic(0x8180_0001)) == 0x18B)
        #expect(responseCode(engine, Commands.readPublic(platformKey)) == 0x910)
        #expect(try engine.nvPublic(NVTemplates.handle) != nil)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0)
        #expect(try engine.names(try engine.primary(in: TPMRH.platform)).name != platformName)
    }

    /// Part 3 §24.9: the endorsement primary key (an EK) is derived from the EPS, so a new
    /// EPS is a new key; loaded and persistent endorsement objects go.
    @Test("ChangeEPS changes the endorsement primary key and flushes endorsement objects")
    func changeEPS() throws {
        let engine = try makeEngine()
        let ek = try engine.primary(in: TPMRH.endorsement)
        let ekName = try engine.names(ek).name
        try engine.require(Commands.evictControl(ek, to: 0x8101_0001), "EvictControl")
        let ownerKey = try engine.primary(in: TPMRH.owner)
        let ownerName = try engine.names(ownerKey).name
        try engine.require(Commands.flushContext(ownerKey), "FlushContext")

        try engine.require(Commands.changeEPS(), "ChangeEPS")
        #expect(responseCode(engine, Commands.readPublic(ek)) == 0x910)
        #expect(responseCode(engine, Commands.readPublic(0x8101_0001)) == 0x18B)
        let newEK = try engine.primary(in: TPMRH.endorsement)
        #expect(try engine.names(newEK).name != ekName)
        #expect(
            try engine.names(try engine.primary(in: TPMRH.owner)).name == ownerName, "the storage seed is untouched")
    }
}
