import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// TPM2_EvictControl (Part 3 §28.5): which objects may become persistent, at which handles,
/// with whose authorization; objectHandle is handle 2, persistentHandle parameter 1.
@Suite("EvictControl")
struct EvictControlTests {
    /// A NULL-hierarchy object dies at the next TPM Reset (Part 3 §28.5 calls it temporary),
    /// so it may not live in NV.
    @Test("a TPM_RH_NULL object is TPM_RC_ATTRIBUTES + handle 2 (0x282)")
    func nullHierarchyObject() throws {
        let engine = try makeEngine()
        let key = try engine.primary(in: TPMRH.null)
        #expect(responseCode(engine, Commands.evictControl(key, to: 0x8100_0001)) == 0x282)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0x18B)
    }

    @Test("an stClear object is TPM_RC_ATTRIBUTES + handle 2 (0x282)")
    func stClearObject() throws {
        let engine = try makeEngine()
        var template = Templates.eccSigning
        template.attributes.insert(.stClear)
        let key = try engine.primary(in: TPMRH.owner, template: template)
        #expect(responseCode(engine, Commands.evictControl(key, to: 0x8100_0001)) == 0x282)
    }

    @Test("owner authorization for a platform object is TPM_RC_HIERARCHY + handle 2 (0x285), both ways")
    func ownerCannotTouchPlatformObjects() throws {
        let engine = try makeEngine()
        let key = try engine.primary(in: TPMRH.platform)
        #expect(responseCode(engine, Commands.evictControl(key, to: 0x8100_0001, by: TPMRH.owner)) == 0x285)
        #expect(responseCode(engine, Commands.evictControl(key, to: 0x8180_0001, by: TPMRH.owner)) == 0x285)
        try engine.require(
            Commands.evictControl(key, to: 0x8180_0001, by: TPMRH.platform), "EvictControl by the platform")
        #expect(responseCode(engine, Commands.evictControl(0x8180_0001, to: 0x8180_0001, by: TPMRH.owner)) == 0x285)
    }

    /// Part 2 TPM_HC: owner persistent handles are 0x81000000–0x817FFFFF, platform ones
    /// 0x81800000–0x81FFFFFF; a handle that is not persistent at all fails unmarshalling.
    @Test(
        "a handle outside the authorizer's range is TPM_RC_RANGE + parameter 1 (0x1CD); a non-persistent one TPM_RC_VALUE (0x1C4)"
    )
    func persistentHandleRanges() throws {
        let engine = try makeEngine()
        let ownerKey = try engine.primary(in: TPMRH.owner)
        #expect(responseCode(engine, Commands.evictControl(ownerKey, to: 0x8180_0000)) == 0x1CD)
        #expect(responseCode(engine, Commands.evictControl(ownerKey, to: 0x81FF_FFFF)) == 0x1CD)
        #expect(responseCode(engine, Commands.evictControl(ownerKey, to: 0x8000_0001)) == 0x1C4)
        #expect(responseCode(engine, Commands.evictControl(ownerKey, to: 0x817F_FFFF)) == 0)
        let platformKey = try engine.primary(in: TPMRH.platform)
        #expect(responseCode(engine, Commands.evictControl(platformKey, to: 0x817F_FFFE, by: TPMRH.platform)) == 0x1CD)
        #expect(responseCode(engine, Commands.evictControl(platformKey, to: 0x8180_0000, by: TPMRH.platform)) == 0)
    }

    @Test("removing a persistent object named by another persistentHandle is TPM_RC_HANDLE + handle 2 (0x28B)")
    func removalWithOtherHandle() throws {
        let engine = try makeEngine()
        let key = try engine.primary(in: TPMRH.owner)
        try engine.require(Commands.evictControl(key, to: 0x8100_0001), "EvictControl")
        #expect(responseCode(engine, Commands.evictControl(0x8100_0001, to: 0x8100_0002)) == 0x28B)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0)
        #expect(responseCode(engine, Commands.evictControl(0x8100_0001, to: 0x8100_0001)) == 0)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0001)) == 0x18B)
    }

    @Test("a persistent handle already in use is TPM_RC_NV_DEFINED (0x14C)")
    func handleInUse() throws {
        let engine = try makeEngine()
        let key = try engine.primary(in: TPMRH.owner)
        try engine.require(Commands.evictControl(key, to: 0x8100_0001), "EvictControl")
        #expect(responseCode(engine, Commands.evictControl(key, to: 0x8100_0001)) == 0x14C)
    }

    /// The qualified Name carries the hierarchy (the reference's ComputeQualifiedName); a
    /// persistent copy must keep it, through a power cycle on the same device and after the process
    /// restarts.
    @Test("a persistent object survives a power cycle and a new process with its Name and qualified Name")
    func survivesPowerCycle() throws {
        let store = MemoryStore()
        let engine = try makeEngine(store: store)
        let key = try engine.primary(in: TPMRH.endorsement)
        let transient = try engine.names(key)
        try engine.require(Commands.evictControl(key, to: 0x8100_0001), "EvictControl")
        #expect(try engine.names(0x8100_0001) == transient)

        #expect(try engine.powerCycle(shutdown: StartupType.clear, startup: StartupType.clear) == 0)
        #expect(try engine.names(0x8100_0001) == transient)
        #expect(responseCode(engine, Commands.readPublic(key)) == 0x910, "the transient copy went with the reset")

        let restarted = try makeEngine(store: store)
        #expect(try restarted.names(0x8100_0001) == transient)
    }
}
