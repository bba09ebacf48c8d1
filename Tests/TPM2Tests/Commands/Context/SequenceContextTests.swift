import TPMClient
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// A hash sequence through ContextSave and ContextLoad, as tpm2-abrmd handles it after every
/// command: saved, flushed, loaded again; the saved state does not change as the loaded
/// sequence goes on.
@Suite("Sequence contexts")
struct SequenceContextTests {
    private func update(_ link: TPMClient, _ handle: TPMHandle, _ data: [UInt8]) throws {
        try link.call(SequenceUpdate.self, handles: [handle], .init(buffer: data), passwords: [[]])
    }

    private func complete(_ link: TPMClient, _ handle: TPMHandle, _ data: [UInt8]) throws -> [UInt8] {
        try link.call(SequenceComplete.self, handles: [handle], .init(buffer: data), passwords: [[]]).result
    }

    private func save(_ link: TPMClient, _ handle: TPMHandle) throws -> TPMContext {
        try link.call(ContextSave.self, handles: [handle]).context
    }

    private func load(_ link: TPMClient, _ context: TPMContext) throws -> TPMHandle {
        try link.call(ContextLoad.self, .init(context: context)).loadedHandle
    }

    @Test("ContextSave leaves the sequence loaded and flushable; each load of the blob continues from the saved state")
    func saveFlushLoad() throws {
        let link = TPMClient(device: try makeEngine())
        let sequence = try link.call(HashSequenceStart.self, .init(auth: [], hashAlg: .sha256)).sequenceHandle
        try update(link, sequence, Array("first part, ".utf8))

        let context = try save(link, sequence)
        try update(link, sequence, Array("only in the loaded one".utf8))  // still loaded after the save
        try link.call(FlushContext.self, .init(sequence))

        let first = try load(link, context)
        let second = try load(link, context)
        let expected = try Hash.digest(.sha256, Array("first part, second part".utf8))
        #expect(try complete(link, first, Array("second part".utf8)) == expected)
        #expect(try complete(link, second, Array("second part".utf8)) == expected)
    }
}
