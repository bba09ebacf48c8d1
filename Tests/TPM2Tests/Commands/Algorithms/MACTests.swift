import TPMClient
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// TPM2_MAC and TPM2_MAC_Start (1.59 Part 3 §15.6, §17.3, on the HMAC command codes) with a
/// symmetric-cipher signing key: CMAC, and the response codes of the reference's CryptSelectMac.
@Suite("MAC with symmetric-cipher keys (CMAC)")
struct MACTests {
    static let key = Samples.bytes(16, from: 0x21)
    static let message = Samples.bytes(100, from: 0x03)

    static func load(
        _ engine: TPMEngine, _ algorithm: TPMAlgorithm = .aes, bits: UInt16 = 128, mode: TPMAlgorithm = .null,
        attributes: TPMObjectAttributes = [.userWithAuth, .sign, .decrypt], key: [UInt8] = key
    ) throws -> TPMHandle {
        var template = AddedAlgorithmsTests.symmetricKey(algorithm, bits: bits, mode: mode)
        template.attributes = attributes
        return try #require(
            try engine.require(AddedAlgorithmsTests.loadExternal(template, key: key), "LoadExternal").handle)
    }

    static func mac(_ handle: TPMHandle, _ data: [UInt8] = message, scheme: TPMAlgorithm) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(data)
        w.write(scheme)
        return command(.hmac, handles: [handle], sessions: [.password()], parameters: w.bytes)
    }

    static func outMAC(_ response: Response) throws -> [UInt8] {
        var reader = TPMReader(response.parameters)
        return try reader.readSized(max: 64)
    }

    @Test(
        "MAC with inScheme CMAC gives the SP 800-38B tag for AES, Camellia and (on a CMAC-mode key) with inScheme NULL")
    func oneShot() throws {
        let engine = try makeEngine()
        let aes = try Self.load(engine)
        #expect(
            try Self.outMAC(engine.require(Self.mac(aes, scheme: .cmac), "MAC"))
                == CMACContext.authenticationCode(.aes, key: Self.key, data: Self.message))
        try engine.require(Commands.flushContext(aes), "FlushContext")
        let camellia = try Self.load(engine, .camellia, mode: .cmac)
        #expect(
            try Self.outMAC(engine.require(Self.mac(camellia, scheme: .null), "MAC"))
                == CMACContext.authenticationCode(.camellia, key: Self.key, data: Self.message))
    }

    @Test("MAC_Start, SequenceUpdate and SequenceComplete give the one-shot CMAC")
    func sequence() throws {
        let engine = try makeEngine()
        let aes = try Self.load(engine)
        var w = TPMWriter()
        w.writeSized([])
        w.write(TPMAlgorithm.cmac)
        let started = try engine.require(
            command(.hmacStart, handles: [aes], sessions: [.password()], parameters: w.bytes), "MAC_Start")
        let sequence = try #require(started.handle)
        var update = TPMWriter()
        update.writeSized(Array(Self.message.prefix(37)))
        try engine.require(
            command(.sequenceUpdate, handles: [sequence], sessions: [.password()], parameters: update.bytes),
            "SequenceUpdate")
        var complete = TPMWriter()
        complete.writeSized(Array(Self.message.dropFirst(37)))
        complete.write(TPMRH.null)
        let done = try engine.require(
            command(.sequenceComplete, handles: [sequence], sessions: [.password()], parameters: complete.bytes),
            "SequenceComplete")
        #expect(try Self.outMAC(done) == CMACContext.authenticationCode(.aes, key: Self.key, data: Self.message))
    }

    @Test(
        "CryptSelectMac's codes: VALUE for no scheme or a mismatch, SCHEME for a hash on a cipher key or CMAC on an HMAC key"
    )
    func selection() throws {
        let engine = try makeEngine()
        let open = try Self.load(engine)
        #expect(responseCode(engine, Self.mac(open, scheme: .null)) == TPMError(.value, .parameter(2)).responseCode)
        #expect(responseCode(engine, Self.mac(open, scheme: .sha256)) == TPMError(.scheme, .parameter(2)).responseCode)
        #expect(responseCode(engine, Self.mac(open, scheme: .rsa)) == TPMError(.symmetric, .parameter(2)).responseCode)
        try engine.require(Commands.flushContext(open), "FlushContext")
        let cfb = try Self.load(engine, mode: .cfb)
        #expect(responseCode(engine, Self.mac(cfb, scheme: .cmac)) == TPMError(.value, .parameter(2)).responseCode)
        #expect(responseCode(engine, Self.mac(cfb, scheme: .null)) == TPMError(.scheme, .parameter(2)).responseCode)
        try engine.require(Commands.flushContext(cfb), "FlushContext")
        let noSign = try Self.load(engine, attributes: [.userWithAuth, .decrypt])
        #expect(responseCode(engine, Self.mac(noSign, scheme: .cmac)) == TPMError(.key, .handle(1)).responseCode)
    }

    @Test("CMAC names no block mode: EncryptDecrypt2 on a CMAC-mode key is TPM_RC_MODE on the key")
    func cmacIsNoCipherMode() throws {
        let engine = try makeEngine()
        let key = try Self.load(engine, mode: .cmac)
        #expect(
            responseCode(
                engine,
                AddedAlgorithmsTests.encryptDecrypt2(
                    key, data: Samples.bytes(16), decrypt: false, mode: .null,
                    iv: Samples.bytes(16)))
                == TPMError(.mode, .handle(1)).responseCode)
    }

    @Test("a CMAC sequence saved with ContextSave continues from the saved state after ContextLoad")
    func savedSequence() throws {
        let engine = try makeEngine()
        let link = TPMClient(device: engine)
        let key = try Self.load(engine)
        let sequence = try link.call(HMAC_Start.self, handles: [key], .init(auth: [], hashAlg: .cmac), passwords: [[]])
            .sequenceHandle
        let update = SequenceUpdate.Parameters(buffer: Array(Self.message.prefix(30)))
        try link.call(SequenceUpdate.self, handles: [sequence], update, passwords: [[]])
        let context = try link.call(ContextSave.self, handles: [sequence]).context
        try link.call(SequenceUpdate.self, handles: [sequence], update, passwords: [[]])  // only in the loaded one
        try link.call(FlushContext.self, .init(sequence))
        let again = try link.call(ContextLoad.self, .init(context: context)).loadedHandle
        let done = try link.call(
            SequenceComplete.self, handles: [again], .init(buffer: Array(Self.message.dropFirst(30))), passwords: [[]])
        #expect(try done.result == CMACContext.authenticationCode(.aes, key: Self.key, data: Self.message))
    }
}
