import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The well-formed commands the fuzzer starts from, answered as Part 3 says, checked
/// field by field (the fuzzer itself only checks the shape of the answers).
@Suite("Well-formed commands")
struct WellFormedCommandTests {
    @Test("GetRandom gives the bytes asked for, at most one SHA-512 digest's worth")
    func getRandom() throws {
        let engine = try makeEngine()
        let sixteen = Response(engine.execute(Commands.getRandom(16), locality: 0))
        #expect(sixteen.code == 0)
        #expect(sixteen.body.prefix(2) == [0x00, 0x10] && sixteen.body.count == 18)
        let many = Response(engine.execute(Commands.getRandom(1000), locality: 0))
        #expect(many.body.prefix(2) == [0x00, 0x40] && many.body.count == 66)
    }

    /// After Startup(CLEAR) the static PCRs are zero; the answer echoes the selection.
    @Test("PCR_Read returns zeroed PCRs in selection order with the selection echoed")
    func pcrRead() throws {
        let engine = try makeEngine()
        let selection = TPMPCRSelectionList([
            TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2]), TPMPCRSelection(hash: .sha1, pcrs: [7]),
        ])
        let response = Response(engine.execute(Commands.pcrRead(selection), locality: 0))
        #expect(response.code == 0)
        var r = TPMReader(response.body)
        _ = try r.read(UInt32.self)  // pcrUpdateCounter
        #expect(try TPMPCRSelectionList(from: &r) == selection)
        #expect(try r.read(UInt32.self) == 4)
        for size in [32, 32, 32, 20] { #expect(try r.readSized(max: 64) == [UInt8](repeating: 0, count: size)) }
        #expect(r.isAtEnd)
    }

    @Test("GetCapability(TPM_PROPERTIES) starts with TPM_PT_FAMILY_INDICATOR \"2.0\"")
    func getCapability() throws {
        let engine = try makeEngine()
        let response = Response(engine.execute(Commands.getCapability(count: 1), locality: 0))
        #expect(response.code == 0)
        #expect(response.body == hex("01 00000006 00000001 00000100 322e3000"))
    }

    /// FIPS 180-4's "abc", and a hashcheck ticket for the owner hierarchy.
    @Test("Hash returns the SHA-256 of \"abc\" and a TPMT_TK_HASHCHECK")
    func hash() throws {
        let engine = try makeEngine()
        let response = Response(engine.execute(Commands.hash(Array("abc".utf8)), locality: 0))
        #expect(response.code == 0)
        var r = TPMReader(response.body)
        #expect(try r.readSized(max: 64) == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        let ticket = try TPMTicket(from: &r, accepting: [TPMStructureTag.hashcheck])
        #expect(ticket.hierarchy == TPMRH.owner && !ticket.digest.isEmpty)
        #expect(r.isAtEnd)
    }

    @Test("StartAuthSession returns the first HMAC session handle and a nonce of the session hash's size")
    func startAuthSession() throws {
        let engine = try makeEngine()
        let response = Response(engine.execute(Commands.startAuthSession(), locality: 0))
        #expect(response.code == 0)
        #expect(response.handle == TPMRH.hmacSessionFirst)
        var r = TPMReader(Array(response.body.dropFirst(4)))
        #expect(try r.readSized(max: 64).count == 32)
        #expect(r.isAtEnd)
    }

    /// Derivation from the owner seed is deterministic (Part 3 §24.1.1): the same template
    /// gives the same key, and the returned Name is the hash of the returned public area.
    @Test("CreatePrimary with tpm2-tools' RSA storage template derives one key, twice")
    func createPrimaryRSA() throws {
        let engine = try makeEngine()
        func create() throws -> (handle: TPMHandle, outPublic: TPMPublic, name: [UInt8]) {
            let response = Response(engine.execute(Commands.createPrimary(Templates.rsaStorage), locality: 0))
            let handle = try #require(response.handle, "CreatePrimary answered \(response.code)")
            var r = TPMReader(Array(response.body.dropFirst(4)))
            let parameterSize = Int(try r.read(UInt32.self))
            var parameters = TPMReader(try r.readBytes(parameterSize))
            let outPublic = try TPMPublic(sizedFrom: &parameters)
            _ = try parameters.readNested { (inner: inout TPMReader) throws(TPMError) in
                try TPMCreationData(from: &inner)
            }
            _ = try parameters.readSized(max: 64)  // creationHash
            _ = try TPMTicket(from: &parameters, accepting: [TPMStructureTag.creation])
            let name = try parameters.readSized(max: TPMLimits.maxName)
            #expect(parameters.isAtEnd)
            return (handle, outPublic, name)
        }
        let first = try create()
        guard case .rsa(let modulus) = first.outPublic.unique else {
            Issue.record("an RSA key has an RSA unique field")
            return
        }
        #expect(modulus.count == 256)
        #expect(try first.name == [0x00, 0x0B] + Hash.digest(.sha256, first.outPublic.marshalled))
        #expect(Response(engine.execute(Commands.flushContext(first.handle), locality: 0)).code == 0)
        let second = try create()
        #expect(second.outPublic == first.outPublic)
        #expect(second.handle == first.handle)
    }

    @Test("ReadPublic of a primary key gives back the Name CreatePrimary gave")
    func readPublic() throws {
        let engine = try makeEngine()
        let created = Response(engine.execute(Commands.createPrimary(Templates.eccSigning), locality: 0))
        let handle = try #require(created.handle)
        let read = Response(engine.execute(Commands.readPublic(handle), locality: 0))
        #expect(read.code == 0)
        var r = TPMReader(read.body)
        let outPublic = try TPMPublic(sizedFrom: &r)
        #expect(outPublic.type == .ecc)
        #expect(try r.readSized(max: TPMLimits.maxName) == outPublic.name)
    }
}
