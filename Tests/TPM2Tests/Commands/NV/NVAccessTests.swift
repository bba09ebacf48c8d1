import TPMTypes
import Testing

@testable import TPM2

/// Who may read, write and delete an index (Part 3 §31.4–31.15, Part 1 §19), and the range
/// checks of NV_Read and NV_Write, each with its exact code.
@Suite("NV access")
struct NVAccessTests {
    static let index = NVTemplates.handle

    // MARK: Owner and platform authorization

    /// Part 3 §31.7/§31.13: owner and platform authorize only what ownerwrite/ownerread
    /// (ppwrite/ppread) allow; the check is made by the command, so it has no number.
    @Test("owner or platform without the matching attribute is TPM_RC_NV_AUTHORIZATION (0x149)")
    func ownerAndPlatformNeedTheirAttribute() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess))
        try engine.require(Commands.nvWrite(Self.index, [1, 2, 3]), "NV_Write")
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], by: TPMRH.owner)) == 0x149)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 3, by: TPMRH.owner)) == 0x149)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], by: TPMRH.platform)) == 0x149)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 3, by: TPMRH.platform)) == 0x149)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 3)) == 0)
    }

    @Test("another index's authorization is TPM_RC_NV_AUTHORIZATION (0x149)")
    func anotherIndexAuthorizes() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.define(NVTemplates.index(0x0150_0002))
        try engine.require(Commands.nvWrite(Self.index, [7]), "NV_Write")
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1, by: 0x0150_0002)) == 0x149)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], by: 0x0150_0002)) == 0x149)
    }

    /// Part 3 §5.6 and §31.1: the index's own authValue serves a read only with authread SET and a
    /// write only with authwrite SET; the session check fails before the command runs.
    @Test("the index's own password without authread/authwrite is TPM_RC_AUTH_UNAVAILABLE (0x12F)")
    func indexPasswordUnavailable() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.ownerAccess))
        try engine.require(Commands.nvWrite(Self.index, [1], by: TPMRH.owner), "NV_Write")
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == 0x12F)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == 0x12F)
        #expect(responseCode(engine, Commands.nvIncrement(Self.index)) == 0x12F)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1, by: TPMRH.owner)) == 0)
    }

    /// PCRs and hierarchies are exempt from dictionary-attack counting, NV indices are not unless
    /// noDA is SET (Part 3 §25.1; the reference's IsDAExempted): AUTH_FAIL against BAD_AUTH, both
    /// on session 1.
    @Test("a wrong index password is TPM_RC_AUTH_FAIL + session 1 (0x98E), or TPM_RC_BAD_AUTH (0x9A2) with noDA")
    func wrongIndexPassword() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(), auth: Array("secret".utf8))
        try engine.define(
            NVTemplates.index(0x0150_0002, attributes: NVTemplates.indexAccess.union(.noDA)), auth: Array("secret".utf8)
        )
        #expect(
            responseCode(engine, Commands.nvWrite(Self.index, [1], session: .password(Array("guess".utf8)))) == 0x98E)
        #expect(
            responseCode(engine, Commands.nvWrite(0x0150_0002, [1], session: .password(Array("guess".utf8)))) == 0x9A2)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], session: .password(Array("secret".utf8)))) == 0)
    }

    // MARK: Ranges

    @Test("NV_Read beyond TPM_PT_NV_BUFFER_MAX (1024) is TPM_RC_VALUE + parameter 1 (0x1C4)")
    func readAboveBuffer() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(size: 2048))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1025)) == 0x1C4)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1024, offset: 1024)) == 0)
    }

    @Test("NV_Read: offset past the end is TPM_RC_VALUE + parameter 2 (0x2C4), a range past it TPM_RC_NV_RANGE (0x146)")
    func readRanges() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(size: 16))
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 0, offset: 17)) == 0x2C4)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 2, offset: 15)) == 0x146)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 17)) == 0x146)
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 0, offset: 16)) == 0)
        let tail = Response(engine.execute(Commands.nvRead(Self.index, size: 1, offset: 15), locality: 0))
        #expect(tail.parameters == [0x00, 0x01, 0xFF], "an ordinary index reads 0xFF where it was never written")
    }

    @Test("NV_Write: offset past the end is TPM_RC_VALUE + parameter 2 (0x2C4), data past it TPM_RC_NV_RANGE (0x146)")
    func writeRanges() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(size: 16))
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], offset: 17)) == 0x2C4)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1, 2], offset: 15)) == 0x146)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [UInt8](repeating: 1, count: 17))) == 0x146)
        #expect(
            try engine.nvPublic(Self.index)?.attributes.contains(.written) == false, "failed writes leave it unwritten")
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], offset: 15)) == 0)
    }

    @Test("NV_Write of more than TPM_PT_NV_BUFFER_MAX (1024) bytes is TPM_RC_SIZE + parameter 1 (0x1D5)")
    func writeAboveBuffer() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(size: 2048))
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [UInt8](repeating: 1, count: 1025))) == 0x1D5)
        #expect(
            responseCode(engine, Commands.nvWrite(Self.index, [UInt8](repeating: 1, count: 1024), offset: 1024)) == 0)
    }

    /// Part 3 §31.7: writeall demands the whole index in one write.
    @Test("a partial write of a writeAll index is TPM_RC_NV_RANGE (0x146)")
    func writeAllPartial() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(size: 8, attributes: NVTemplates.indexAccess.union(.writeAll)))
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1, 2, 3, 4])) == 0x146)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1, 2, 3, 4], offset: 4)) == 0x146)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [UInt8](repeating: 9, count: 8))) == 0)
    }

    @Test("reading an index never written is TPM_RC_NV_UNINITIALIZED (0x14A)")
    func readUnwritten() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        #expect(responseCode(engine, Commands.nvRead(Self.index, size: 1)) == 0x14A)
    }

    @Test(
        "NV_Write to a counter is TPM_RC_ATTRIBUTES (0x082); NV_Increment of an ordinary index is TPM_RC_ATTRIBUTES + handle 2 (0x282)"
    )
    func wrongTypeForCommand() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(0x0150_0002, type: .counter, size: 8))
        try engine.define(NVTemplates.index())
        #expect(responseCode(engine, Commands.nvWrite(0x0150_0002, [1])) == 0x082)
        #expect(responseCode(engine, Commands.nvIncrement(Self.index)) == 0x282)
    }

    /// Part 3 §31.11/§31.14: only writeDefine or writeSTClear indices can be write-locked,
    /// only readSTClear ones read-locked; the index is handle 2.
    @Test(
        "NV_WriteLock and NV_ReadLock of an index without the lock attributes are TPM_RC_ATTRIBUTES + handle 2 (0x282)")
    func lockAttributesRequired() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index())
        try engine.require(Commands.nvWrite(Self.index, [1]), "NV_Write")
        #expect(responseCode(engine, Commands.nvWriteLock(Self.index)) == 0x282)
        #expect(responseCode(engine, Commands.nvReadLock(Self.index)) == 0x282)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == 0)
    }

    @Test("a write-locked counter refuses NV_Increment with TPM_RC_NV_LOCKED (0x148)")
    func lockedCounter() throws {
        let engine = try makeEngine()
        try engine.define(
            NVTemplates.index(type: .counter, size: 8, attributes: NVTemplates.indexAccess.union(.writeSTClear)))
        try engine.require(Commands.nvIncrement(Self.index), "NV_Increment")
        try engine.require(Commands.nvWriteLock(Self.index), "NV_WriteLock")
        #expect(responseCode(engine, Commands.nvIncrement(Self.index)) == 0x148)
        #expect(responseCode(engine, Commands.nvWriteLock(Self.index)) == 0, "locking again is no error")
    }

    // MARK: Undefining

    /// Part 3 §31.4: a policyDelete index can only go through NV_UndefineSpaceSpecial.
    @Test("NV_UndefineSpace of a policyDelete index is TPM_RC_ATTRIBUTES + handle 2 (0x282)")
    func undefinePolicyDelete() throws {
        let engine = try makeEngine()
        let info = NVTemplates.index(
            0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate, .policyDelete],
            authPolicy: [UInt8](repeating: 0, count: 32))
        try engine.define(info, by: TPMRH.platform)
        #expect(responseCode(engine, Commands.nvUndefineSpace(0x0140_0001, by: TPMRH.platform)) == 0x282)
        #expect(try engine.nvPublic(0x0140_0001) != nil)
    }

    @Test("the owner deleting a platform index is TPM_RC_NV_AUTHORIZATION (0x149); the platform may")
    func ownerCannotDeletePlatformIndex() throws {
        let engine = try makeEngine()
        try engine.define(
            NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate]),
            by: TPMRH.platform)
        #expect(responseCode(engine, Commands.nvUndefineSpace(0x0140_0001, by: TPMRH.owner)) == 0x149)
        #expect(responseCode(engine, Commands.nvUndefineSpace(0x0140_0001, by: TPMRH.platform)) == 0)
        #expect(try engine.nvPublic(0x0140_0001) == nil)
    }

    // MARK: ADMIN role

    /// Part 3 §5.6: an index has no adminWithPolicy attribute because its ADMIN role always
    /// needs a policy session; a password session is the wrong type (format zero, no number).
    @Test("NV_UndefineSpaceSpecial and NV_ChangeAuth with a password session are TPM_RC_AUTH_TYPE (0x124)")
    func adminRoleNeedsPolicy() throws {
        let engine = try makeEngine()
        let info = NVTemplates.index(
            0x0140_0001, attributes: [.ppWrite, .ppRead, .authRead, .authWrite, .platformCreate, .policyDelete],
            authPolicy: [UInt8](repeating: 0, count: 32))
        try engine.define(info, by: TPMRH.platform)
        #expect(
            responseCode(engine, Commands.nvUndefineSpaceSpecial(0x0140_0001, sessions: [.password(), .password()]))
                == 0x124)
        #expect(responseCode(engine, Commands.nvChangeAuth(0x0140_0001, newAuth: [1], session: .password())) == 0x124)
        #expect(try engine.nvPublic(0x0140_0001) != nil)
    }

    /// Part 4 CheckPolicyAuthSession: a policy session for an ADMIN (or DUP) role must have
    /// its command set by PolicyCommandCode, even when its digest matches the authPolicy.
    /// With no policy commands yet, the index's authPolicy is a fresh session's all-zero
    /// digest; a USER use of the same session and index (policywrite) is accepted.
    @Test(
        "NV_ChangeAuth with a matching policy but no command code is TPM_RC_POLICY_FAIL + session 1 (0x99D); a password TPM_RC_AUTH_TYPE (0x124)"
    )
    func adminPolicyNeedsCommandCode() throws {
        let engine = try makeEngine()
        try engine.define(
            NVTemplates.index(
                attributes: NVTemplates.indexAccess.union(.policyWrite),
                authPolicy: [UInt8](repeating: 0, count: 32)))
        let admin = try engine.startPolicySession()
        #expect(responseCode(engine, Commands.nvChangeAuth(Self.index, newAuth: [1], session: .policy(admin))) == 0x99D)
        #expect(responseCode(engine, Commands.nvChangeAuth(Self.index, newAuth: [1], session: .password())) == 0x124)
        let user = try engine.startPolicySession()
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], session: .policy(user))) == 0)
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [2])) == 0, "the authValue is still empty")
    }

    /// Part 4 IsAuthPolicyAvailable: an empty authPolicy is no policy, so the check fails
    /// before any digest is compared (format zero, no number), for ADMIN and USER uses alike.
    @Test("a policy session for an index whose authPolicy is empty is TPM_RC_AUTH_UNAVAILABLE (0x12F)")
    func policyWithoutAuthPolicy() throws {
        let engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess.union([.policyWrite, .policyRead])))
        let admin = try engine.startPolicySession()
        #expect(responseCode(engine, Commands.nvChangeAuth(Self.index, newAuth: [1], session: .policy(admin))) == 0x12F)
        let user = try engine.startPolicySession()
        #expect(responseCode(engine, Commands.nvWrite(Self.index, [1], session: .policy(user))) == 0x12F)
        #expect(try engine.nvPublic(Self.index)?.attributes.contains(.written) == false)
    }
}
