import TPMClient
import Testing
import TrustCrypto
@testable import TPM2
import TPMTypes

/// A hash sequence through ContextSave and ContextLoad, as tpm2-abrmd handles it after every
/// command: saved, flushed, loaded again; the saved state does not change as the loaded
/// sequence goes on.
@Suite("Sequence contexts")
struct SequenceContextTests {
    private func update(_ link: TPMClient, _ handle: TPMHandle, _ data: [UInt8]) throws {
        var parameters = TPMWriter()
        parameters.writeSized(data)
        try link.send(.sequenceUpdate, handles: [handle], passwords: [[]], parameters: parameters.bytes)
    }

    private func complete(_ link: TPMClient, _ handle: TPMHandle, _ data: [UInt8]) throws -> [UInt8] {
        var parameters = TPMWriter()
        parameters.writeSized(data)
        parameters.write(TPMRH.null)
        var reply = try link.send(.sequenceComplete, handles: [handle], passwords: [[]], parameters: parameters.bytes)
        return try reply.parameters.readSized(max: 64)
    }

    private func save(_ link: TPMClient, _ handle: TPMHandle) throws -> [UInt8] {
        var reply = try link.send(.contextSave, handles: [handle])
        return reply.parameters.readRest()
    }

    private func load(_ link: TPMClient, _ context: [UInt8]) throws -> TPMHandle {
        var reply = try link.send(.contextLoad, parameters: context)
        return try reply.handles.read()
    }

    @Test("ContextSave leaves the sequence loaded and flushable; each load of the blob continues from the saved state")
    func saveFlushLoad() throws {
        let link = TPMClient(device: try makeEngine())
        var start = TPMWriter()
        start.writeSized([])
        start.write(TPMAlgorithm.sha256)
        var reply = try link.send(.hashSequenceStart, parameters: start.bytes)
        let sequence: TPMHandle = try reply.handles.read()
        try update(link, sequence, Array("first part, ".utf8))

        let context = try save(link, sequence)
        try update(link, sequence, Array("only in the loaded one".utf8))   // still loaded after the save
        try link.send(.flushContext, parameters: sequence.bigEndianBytes)

        let first = try load(link, context)
        let second = try load(link, context)
        let expected = try Hash.digest(.sha256, Array("first part, second part".utf8))
        #expect(try complete(link, first, Array("second part".utf8)) == expected)
        #expect(try complete(link, second, Array("second part".utf8)) == expected)
    }
}
