import TPMTypes
import Testing

@testable import TPM2

/// TPM2_NV_DefineSpace (Part 3 §31.3): every rule on the public area answers with the code
/// and culprit Part 3 gives it. publicInfo is parameter 2 (0x240 in the code), auth
/// parameter 1 (0x140), authHandle handle 1 (0x100).
@Suite("NV_DefineSpace")
struct NV_DefineSpaceTests {
    static let valid = NVTemplates.index()

    /// A public area with one rule broken, and the code that rule gives.
    struct Broken: Sendable, CustomTestStringConvertible {
        let why: String
        let info: TPMNVPublic
        let code: UInt32
        var testDescription: String { why }
    }

    /// One rule broken at a time, starting from an index that defines.
    static let brokenPublicAreas: [Broken] = {
        var cases: [Broken] = []
        func add(_ why: String, _ code: UInt32, _ change: (inout TPMNVPublic) -> Void) {
            var info = valid
            change(&info)
            cases.append(Broken(why: why, info: info, code: code))
        }
        // Unmarshalling of TPMS_NV_PUBLIC.
        add("index handle of a persistent object", 0x2C4) { $0.index = 0x8100_0001 }
        add("index handle of a PCR", 0x2C4) { $0.index = 0x0000_0010 }
        add("nameAlg TPM_ALG_NULL", 0x2C3) { $0.nameAlg = .null }
        add("nameAlg that is no hash (RSA)", 0x2C3) { $0.nameAlg = .rsa }
        add("nameAlg the profile leaves out (SM3)", 0x2C3) { $0.nameAlg = .sm3_256 }
        add("reserved bit 8", 0x2E1) { $0.attributes.insert(TPMNVAttributes(rawValue: 1 << 8)) }
        add("reserved bit 20", 0x2E1) { $0.attributes.insert(TPMNVAttributes(rawValue: 1 << 20)) }
        // Type and size.
        add("authPolicy shorter than the nameAlg digest", 0x2D5) { $0.authPolicy = [UInt8](repeating: 1, count: 20) }
        add("TPM_NT 3, not defined", 0x2C2) {
            $0.attributes = NVTemplates.ownerAccess.union(TPMNVAttributes(rawValue: 0x30))
        }
        add("TPM_NT 15, not defined", 0x2C2) {
            $0.attributes = NVTemplates.ownerAccess.union(TPMNVAttributes(rawValue: 0xF0))
        }
        add("extend index not the digest size", 0x2D5) { $0 = NVTemplates.index(type: .extend, size: 20) }
        add("counter of 4 bytes", 0x2D5) { $0 = NVTemplates.index(type: .counter, size: 4) }
        add("bit field of 16 bytes", 0x2D5) { $0 = NVTemplates.index(type: .bits, size: 16) }
        add("PIN pass index of 4 bytes", 0x2D5) {
            $0 = NVTemplates.index(type: .pinPass, size: 4, attributes: NVTemplates.ownerAccess)
        }
        add("ordinary index above TPM_PT_NV_INDEX_MAX (2048)", 0x2D5) { $0.dataSize = 2049 }
        add("writeAll index above TPM_PT_NV_BUFFER_MAX (1024)", 0x2D5) {
            $0.dataSize = 1025
            $0.attributes.insert(.writeAll)
        }
        // Attribute combinations.
        add("counter with clearSTClear", 0x2C2) {
            $0 = NVTemplates.index(type: .counter, size: 8, attributes: NVTemplates.ownerAccess.union(.clearSTClear))
        }
        add("PIN fail index without noDA", 0x2C2) {
            $0 = NVTemplates.index(type: .pinFail, size: 8, attributes: NVTemplates.ownerAccess)
        }
        add("PIN pass index with authWrite", 0x2C2) {
            $0 = NVTemplates.index(type: .pinPass, size: 8, attributes: NVTemplates.ownerAccess.union(.authWrite))
        }
        add("PIN fail index with globalLock", 0x2C2) {
            $0 = NVTemplates.index(
                type: .pinFail, size: 8, attributes: NVTemplates.ownerAccess.union([.noDA, .globalLock]))
        }
        add("PIN pass index with writeDefine", 0x2C2) {
            $0 = NVTemplates.index(type: .pinPass, size: 8, attributes: NVTemplates.ownerAccess.union(.writeDefine))
        }
        add("written already SET", 0x2C2) { $0.attributes.insert(.written) }
        add("writeLocked already SET", 0x2C2) { $0.attributes.insert(.writeLocked) }
        add("readLocked already SET", 0x2C2) { $0.attributes.insert(.readLocked) }
        add("no way to read", 0x2C2) { $0.attributes = [.ownerWrite, .authWrite] }
        add("no way to write", 0x2C2) { $0.attributes = [.ownerRead, .authRead] }
        add("clearSTClear with writeDefine", 0x2C2) { $0.attributes.formUnion([.clearSTClear, .writeDefine]) }
        add("policyDelete defined by the owner", 0x2C2) { $0.attributes.insert(.policyDelete) }
        add("platformCreate defined by the owner", 0x182) { $0.attributes.insert(.platformCreate) }
        return cases
    }()

    @Test("a public area that breaks one rule is refused with that rule's code", arguments: brokenPublicAreas)
    func brokenPublicArea(_ broken: Broken) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.nvDefineSpace(broken.info)) == broken.code)
        #expect(try engine.nvPublic(broken.info.index) == nil, "nothing may be defined")
    }

    /// The boundary values next to the broken ones above define, so the rules are not too wide.
    @Test("each type at its allowed size and the largest allowed indices define")
    func allowedShapes() throws {
        let engine = try makeEngine()
        let shapes: [TPMNVPublic] = [
            NVTemplates.index(0x0150_0010, size: 2048),
            NVTemplates.index(0x0150_0011, size: 1024, attributes: NVTemplates.ownerAccess.union(.writeAll)),
            NVTemplates.index(0x0150_0012, type: .extend, size: 48, nameAlg: .sha384),
            NVTemplates.index(0x0150_0013, type: .counter, size: 8),
            NVTemplates.index(0x0150_0014, type: .bits, size: 8),
            NVTemplates.index(0x0150_0015, type: .pinFail, size: 8, attributes: NVTemplates.ownerAccess.union(.noDA)),
            NVTemplates.index(0x0150_0016, type: .pinPass, size: 8, attributes: NVTemplates.ownerAccess),
            NVTemplates.index(0x0150_0017, authPolicy: [UInt8](repeating: 0, count: 32)),
        ]
        for info in shapes {
            #expect(responseCode(engine, Commands.nvDefineSpace(info)) == 0, "index 0x\(String(info.index, radix: 16))")
            #expect(try engine.nvPublic(info.index) == info)
        }
    }

    /// Part 3 §31.3: the auth value may not be longer than the nameAlg digest once its
    /// trailing zeros are removed (the reference's MemoryRemoveTrailingZeros).
    @Test(
        "an auth value longer than the nameAlg digest is TPM_RC_SIZE + parameter 1 (0x1D5); trailing zeros do not count"
    )
    func authValueSize() throws {
        let engine = try makeEngine()
        let long = [UInt8](repeating: 0x41, count: 33)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(), auth: long)) == 0x1D5)
        let padded = [UInt8](repeating: 0x41, count: 32) + [0, 0]
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(), auth: padded)) == 0)
    }

    @Test("platformCreate must match the creator: TPM_RC_ATTRIBUTES + handle 1 (0x182) both ways")
    func creatorMatchesPlatformCreate() throws {
        let engine = try makeEngine()
        let platformIndex = NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate])
        #expect(responseCode(engine, Commands.nvDefineSpace(platformIndex, by: TPMRH.owner)) == 0x182)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(), by: TPMRH.platform)) == 0x182)
        #expect(responseCode(engine, Commands.nvDefineSpace(platformIndex, by: TPMRH.platform)) == 0)
        var deletable = platformIndex
        deletable.index = 0x0140_0002
        deletable.attributes.insert(.policyDelete)
        #expect(responseCode(engine, Commands.nvDefineSpace(deletable, by: TPMRH.platform)) == 0)
    }

    @Test("the platform cannot define indices while phEnableNV is CLEAR: TPM_RC_HIERARCHY + handle 1 (0x185)")
    func platformNVDisabled() throws {
        let engine = try makeEngine()
        try engine.require(
            Commands.hierarchyControl(TPMRH.platformNV, state: false, by: TPMRH.platform), "HierarchyControl")
        let platformIndex = NVTemplates.index(0x0140_0001, attributes: [.ppWrite, .ppRead, .platformCreate])
        #expect(responseCode(engine, Commands.nvDefineSpace(platformIndex, by: TPMRH.platform)) == 0x185)
    }

    @Test("an index handle already in use is TPM_RC_NV_DEFINED (0x14C)")
    func alreadyDefined() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index())) == 0)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(size: 8))) == 0x14C)
        #expect(try engine.nvPublic(NVTemplates.handle)?.dataSize == 32)
    }

    /// With 1024 bytes of NV, one 512-byte index fits and a second does not; a smaller one
    /// still does, and undefining gives the space back.
    @Test("an index that does not fit the profile's nvMemoryBytes is TPM_RC_NV_SPACE (0x14B)")
    func noSpace() throws {
        var profile = defaultProfile
        profile.tpm?.nvMemoryBytes = 1024
        let engine = try makeEngine(profile: profile)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(0x0150_0001, size: 512))) == 0)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(0x0150_0002, size: 512))) == 0x14B)
        #expect(try engine.nvPublic(0x0150_0002) == nil)
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(0x0150_0003, size: 256))) == 0)
        try engine.require(Commands.nvUndefineSpace(0x0150_0001), "NV_UndefineSpace")
        #expect(responseCode(engine, Commands.nvDefineSpace(NVTemplates.index(0x0150_0002, size: 512))) == 0)
    }
}
