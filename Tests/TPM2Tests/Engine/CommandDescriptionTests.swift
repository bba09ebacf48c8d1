import TPMClient
import TPMTypes
import Testing

@testable import TPM2

/// One description per command (TPMTypes): the engine and the client read and write the same
/// fields, parameter numbers come from the field list, and the table agrees with it.
@Suite("Command descriptions")
struct CommandDescriptionTests {
    @Test("a parameter list marshals and unmarshals through its one field list, numbering from 1")
    func roundTrip() throws {
        let parameters = NV_Write.Parameters(data: [1, 2, 3], offset: 0x0102)
        #expect(parameters.marshalled == [0, 3, 1, 2, 3, 0x01, 0x02])
        var reader = TPMReader(parameters.marshalled)
        let read = try NV_Write.Parameters(from: &reader)
        #expect(read.data == [1, 2, 3] && read.offset == 0x0102 && reader.isAtEnd)
        #expect(NV_Write.Parameters.number(of: \.data) == 1)
        #expect(NV_Write.Parameters.number(of: \.offset) == 2)
        #expect(NV_Write.Parameters.culprit(\.offset) == .parameter(2))

        let info = TPMNVPublic(
            index: 0x0150_0001, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite], authPolicy: [], dataSize: 8)
        var defineReader = TPMReader(NV_DefineSpace.Parameters(auth: [9], publicInfo: info).marshalled)
        #expect(try NV_DefineSpace.Parameters(from: &defineReader).publicInfo == info)
    }

    @Test("a field that fails to unmarshal names its own parameter number")
    func failuresNameTheField() {
        // data announces 2049 bytes, one more than TPM2B_MAX_NV_BUFFER: TPM_RC_SIZE, parameter 1.
        var tooLong = TPMReader(be16(2049) + [UInt8](repeating: 0, count: 2049) + be16(0))
        #expect(throws: TPMError(.size, .parameter(1))) { try NV_Write.Parameters(from: &tooLong) }
        // offset cut short: TPM_RC_INSUFFICIENT on parameter 2.
        var short = TPMReader(be16(1) + [7, 0])
        #expect(throws: TPMError(.insufficient, .parameter(2))) { try NV_Write.Parameters(from: &short) }
        // An empty TPM2B_NV_PUBLIC is TPM_RC_SIZE on parameter 2.
        var empty = TPMReader(be16(0) + be16(0))
        #expect(throws: TPMError(.size, .parameter(2))) { try NV_DefineSpace.Parameters(from: &empty) }
    }

    @Test("every described command has a body in the engine, and every table entry comes from a description")
    func everyDescriptionHasABody() {
        #expect(CommandTable.entries.count == TPMCommands.all.count)
        for command in TPMCommands.all {
            #expect(CommandTable.entries[command.code]?.name == command.name, "\(command.name) has no body")
        }
        #expect(Set(TPMCommands.all.map { $0.name }).count == TPMCommands.all.count)
    }

    @Test("every table entry says it returns a handle exactly when its description does (TPMA_CC.rHandle)")
    func oneSourceForResponseHandles() {
        #expect(
            TPMCommandCode.returningAHandle == [
                .createPrimary, .load, .loadExternal, .startAuthSession, .createLoaded,
                .contextLoad, .hashSequenceStart, .hmacStart,
            ])
        for entry in CommandTable.entries.values {
            #expect(entry.hasResponseHandle == TPMCommandCode.returningAHandle.contains(entry.code), "\(entry.name)")
        }
        #expect(!NV_Write.returnsHandle && !NV_ReadPublic.returnsHandle)
        #expect(CommandTable.entries[.nvWrite]?.name == "NV_Write")
        #expect(CommandTable.entries[.nvWrite]?.attributes == [.decryptsFirstParameter, .writesNV])
    }

    @Test(
        "a handle outside its TPMI_RH_ type is TPM_RC_VALUE at the handle, before any session is read (ParseHandleBuffer)"
    )
    func handleValuesAreCheckedWhenUnmarshalled() throws {
        let engine = try makeEngine()
        let info = TPMNVPublic(
            index: 0x0150_0001, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite], authPolicy: [], dataSize: 8)
        // TPM_RH_ENDORSEMENT is no TPMI_RH_PROVISION; the wrong password is never looked at.
        let byEndorsement = command(
            .nvDefineSpace, handles: [TPMRH.endorsement], sessions: [.password(Array("wrong".utf8))],
            parameters: NV_DefineSpace.Parameters(auth: [], publicInfo: info).marshalled)
        #expect(responseCode(engine, byEndorsement) == 0x184)  // TPM_RC_VALUE + handle 1
        // NV_UndefineSpaceSpecial's second handle is TPMI_RH_PLATFORM: the owner is refused
        // there even though the index in the first is not defined (types before load status).
        let byOwner = command(
            .nvUndefineSpaceSpecial, handles: [0x0150_0001, TPMRH.owner], sessions: [.password(), .password()])
        #expect(responseCode(engine, byOwner) == 0x284)  // TPM_RC_VALUE + handle 2
    }

    @Test(
        "a PCR the TPM lacks or an unknown permanent handle is TPM_RC_VALUE on its own handle, before later handles' types"
    )
    func valueChecksComeWithTheHandle() throws {
        let engine = try makeEngine()
        for entity: TPMHandle in [0x0000_0030, 0x4000_0002] {
            // PolicySecret(authHandle, policySession) with an HMAC session handle second.
            let policySecret = command(
                .policySecret, handles: [entity, 0x0200_0000], sessions: [.password()],
                parameters: be16(0) + be16(0) + be16(0) + be32(0))
            #expect(responseCode(engine, policySecret) == 0x184, "entity 0x\(String(entity, radix: 16))")
        }
        // ClockSet by lockout with a wrong password: refused before authorization, nothing counted.
        let before = try engine.property(0x20E)
        let clockSet = command(
            .clockSet, handles: [TPMRH.lockout], sessions: [.password(Array("wrong".utf8))],
            parameters: ClockSet.Parameters(newTime: 1 << 40).marshalled)
        #expect(responseCode(engine, clockSet) == 0x184)
        #expect(try engine.property(0x20E) == before)
    }

    @Test("the client's typed calls drive the engine: define, write, read back, read the public area and its Name")
    func typedClient() throws {
        let engine = try makeEngine()
        let client = TPMClient(device: engine)
        let index: TPMHandle = 0x0150_0010
        let info = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite, .authRead, .authWrite],
            authPolicy: [], dataSize: 16)
        try client.call(
            NV_DefineSpace.self, handles: [TPMRH.owner], .init(auth: Array("pw".utf8), publicInfo: info),
            passwords: [[]])
        try client.call(
            NV_Write.self, handles: [index, index], .init(data: Array("hello".utf8), offset: 3),
            passwords: [Array("pw".utf8)])
        let read = try client.call(
            NV_Read.self, handles: [TPMRH.owner, index], .init(size: 5, offset: 3), passwords: [[]])
        #expect(read.data == Array("hello".utf8))
        let readPublic = try client.call(NV_ReadPublic.self, handles: [index])
        #expect(readPublic.nvPublic.attributes.contains(.written))
        #expect(readPublic.nvName == readPublic.nvPublic.name)
        // TPM_RC_VALUE + parameter 2
        #expect(throws: TPMCommandFailure.responseCode(.nvRead, TPMResponseCode(rawValue: 0x2C4))) {
            try client.call(NV_Read.self, handles: [TPMRH.owner, index], .init(size: 1, offset: 17), passwords: [[]])
        }
    }

    @Test(
        "GetCapability through the client: every list kind decodes, moreData is followed, a list over its maximum is TPM_RC_SIZE"
    )
    func capabilities() throws {
        let client = TPMClient(device: try makeEngine())
        let first = try client.call(GetCapability.self, .init(.algorithms, count: 3))
        guard case .algorithms(let three) = first.capabilityData else {
            Issue.record("not an algorithm list")
            return
        }
        #expect(three.count == 3 && first.moreData)
        var all: [TPMAlgorithmProperty] = []
        for case .algorithms(let piece) in try client.capabilityData(.algorithms) { all += piece }
        #expect(Array(all.prefix(3)) == three)
        #expect(
            all.contains { $0.algorithm == .sha256 }
                && all.map(\.algorithm.rawValue) == all.map(\.algorithm.rawValue).sorted())
        #expect(try client.tpmProperty(TPMPT.manufacturer) != nil)
        #expect(try client.tpmProperty(0x0FFF) == nil)
        for capability: TPMCapability in [
            .handles, .commands, .ppCommands, .auditCommands, .pcrs, .pcrProperties, .eccCurves,
        ] {
            let property: UInt32 = capability == .handles ? TPMRH.owner : 0
            let answer = try client.call(GetCapability.self, .init(capability, property: property, count: 8))
            #expect(answer.capabilityData.capability == capability)
            // Decoding and re-encoding gives back the engine's very bytes.
            var raw = try client.send(
                .getCapability,
                parameters: GetCapability.Parameters(capability, property: property, count: 8).marshalled)
            #expect(answer.marshalled == raw.parameters.readRest(), "\(capability)")
        }
        // TPM_RC_VALUE + parameter 1
        #expect(throws: TPMCommandFailure.responseCode(.getCapability, TPMResponseCode(rawValue: 0x1C4))) {
            try client.call(GetCapability.self, .init(TPMCapability(rawValue: 0x55), count: 1))
        }
        var tooMany = TPMReader(
            be32(TPMCapability.handles.rawValue) + be32(255) + [UInt8](repeating: 0, count: 255 * 4))
        #expect(throws: TPMError(.size)) { try TPMCapabilityData(from: &tooMany) }
    }

    @Test("handle slots follow the reference's TPMI_ types; TPMA_CC follows its attribute table (nv, extensive)")
    func slotsAndAttributes() throws {
        let engine = try makeEngine()
        // TPMI_DH_CONTEXT: a persistent handle is TPM_RC_VALUE at handle 1, not TPM_RC_HANDLE.
        #expect(responseCode(engine, command(.contextSave, handles: [0x8100_0001])) == 0x184)
        // TPMI_DH_ENTITY+ has no TPM_RS_PW or TPM_RH_PLATFORM_NV: bind refused at handle 2.
        // PolicySecret's authHandle is TPMI_DH_ENTITY without TPM_RH_NULL.
        let secret = command(
            .policySecret, handles: [TPMRH.null, TPMRH.policySessionFirst], sessions: [.password()],
            parameters: PolicySecret.Parameters(nonceTPM: [], cpHashA: [], policyRef: [], expiration: 0).marshalled)
        #expect(responseCode(engine, secret) == 0x184)
        for bind in [TPMRH.password, TPMRH.platformNV] {
            let start = command(
                .startAuthSession, handles: [TPMRH.null, bind],
                parameters: StartAuthSession.Parameters(
                    nonceCaller: [UInt8](repeating: 1, count: 16), sessionType: .hmac,
                    authHash: .sha256
                ).marshalled)
            #expect(responseCode(engine, start) == 0x284, "bind 0x\(String(bind, radix: 16))")
        }
        let client = TPMClient(device: engine)
        var attributes: [UInt32: UInt32] = [:]
        for case .commands(let listed) in try client.capabilityData(.commands) {
            for value in listed { attributes[value & 0xFFFF] = value }
        }
        let clear = try #require(attributes[TPMCommandCode.clear.rawValue])
        #expect(clear & (1 << 22) != 0 && clear & (1 << 23) != 0, "Clear: nv and extensive")
        let extend = try #require(attributes[TPMCommandCode.pcrExtend.rawValue])
        #expect(extend & (1 << 22) != 0 && extend & (1 << 23) == 0, "PCR_Extend: nv, not extensive")
        let load = try #require(attributes[TPMCommandCode.load.rawValue])
        #expect(load & (1 << 28) != 0 && (load >> 25) & 7 == 1, "Load: one handle, a response handle")
    }

    @Test(
        "TPM2B_ATTEST holds a whole NV buffer's NV_Certify; TPMI_SH_HMAC and TPMT_SYM_DEF_OBJECT+ refuse at unmarshal")
    func attestSizeAndUnmarshalChecks() throws {
        let engine = try makeEngine()
        let client = TPMClient(device: engine)
        let index: TPMHandle = 0x0150_0020
        let info = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite, .authRead, .authWrite],
            authPolicy: [],
            dataSize: 1024)
        try client.call(NV_DefineSpace.self, handles: [TPMRH.owner], .init(auth: [], publicInfo: info), passwords: [[]])
        try client.call(
            NV_Write.self, handles: [TPMRH.owner, index], .init(data: [UInt8](repeating: 0x5A, count: 1024)),
            passwords: [[]])
        let certified = try client.call(
            NV_Certify.self, handles: [TPMRH.null, TPMRH.owner, index],
            .init(qualifyingData: [UInt8](repeating: 1, count: 16), size: 1024, offset: 0), passwords: [[], []])
        #expect(certified.attest.count > 1024 && certified.signature == .null)

        // GetSessionAuditDigest's session is TPMI_SH_HMAC: a policy session is TPM_RC_VALUE on handle 3.
        let audit = command(
            .getSessionAuditDigest, handles: [TPMRH.endorsement, TPMRH.null, TPMRH.policySessionFirst],
            sessions: [.password(), .password()], parameters: TPMAttestationRequest(qualifyingData: []).marshalled)
        #expect(responseCode(engine, audit) == 0x384)

        // XOR as TPMT_SYM_DEF_OBJECT+ is TPM_RC_SYMMETRIC on its parameter before its hash is read.
        var xor = TPMReader(be16(0) + be16(TPMAlgorithm.xor.rawValue) + be16(0x7777))
        #expect(throws: TPMError(.symmetric, .parameter(2))) { try Duplicate.Parameters(from: &xor) }
    }
}
