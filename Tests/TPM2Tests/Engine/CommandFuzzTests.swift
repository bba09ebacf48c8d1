import TPMTypes
import Testing

@testable import TPM2

/// A well-formed command the fuzzer starts from. `prepare` builds any state the command needs
/// (a key to read or sign with) and returns the command; it runs again whenever a mutated
/// command legitimately removed that state, and must then build the same bytes.
struct FuzzSeed: Sendable, CustomTestStringConvertible {
    let name: String
    /// Startup is fuzzed on a TPM that has not started; everything else on a started one.
    var startsTheTPM = false
    /// Answers that must come back byte for byte after the fuzzing (no state was lost).
    var isDeterministic = false
    /// The transient object the command works on, kept across cases.
    var keepsFixture = false
    let prepare: @Sendable (TPMEngine) throws -> [UInt8]

    var testDescription: String { name }
}

private func createFixture(_ engine: TPMEngine) throws -> TPMHandle {
    let response = Response(engine.execute(Commands.createPrimary(Templates.eccSigning), locality: 0))
    guard let handle = response.handle else { throw TestSetupError("fixture CreatePrimary failed: \(response.code)") }
    return handle
}

/// Whole commands through `TPMEngine.execute`: each seed succeeds; then every truncation and
/// a few hundred seeded random byte changes per seed each get a well-formed answer, and the
/// TPM still answers a known-good command — and, after all of them, the seed itself — as
/// before. Every case is replayable from the seed index and case number in a failure message.
@Suite("Whole commands: truncation and byte flips")
struct CommandFuzzTests {
    static let mutationsPerSeed = 400

    static let seeds: [FuzzSeed] = [
        FuzzSeed(name: "Startup(CLEAR)", startsTheTPM: true) { _ in Commands.startup() },
        FuzzSeed(name: "GetRandom(16)") { _ in Commands.getRandom(16) },
        FuzzSeed(name: "PCR_Read SHA-256 0-2 and SHA-1 7", isDeterministic: true) { _ in
            Commands.pcrRead(
                TPMPCRSelectionList([
                    TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2]), TPMPCRSelection(hash: .sha1, pcrs: [7]),
                ]))
        },
        FuzzSeed(name: "GetCapability(TPM_PROPERTIES)", isDeterministic: true) { _ in Commands.getCapability() },
        FuzzSeed(name: "GetCapability(ALGS)", isDeterministic: true) { _ in
            Commands.getCapability(0, property: 0, count: 64)
        },
        FuzzSeed(name: "Hash(SHA-256, owner)", isDeterministic: true) { _ in Commands.hash(Array("abc".utf8)) },
        FuzzSeed(name: "CreatePrimary with a password session", isDeterministic: true) { _ in
            Commands.createPrimary(Templates.eccSigning, sensitive: TPMSensitiveCreate(userAuth: Array("key".utf8)))
        },
        FuzzSeed(name: "StartAuthSession (HMAC, AES-128-CFB)") { _ in Commands.startAuthSession() },
        FuzzSeed(name: "ReadPublic", isDeterministic: true, keepsFixture: true) { engine in
            Commands.readPublic(try createFixture(engine))
        },
        FuzzSeed(name: "Sign with a password session", keepsFixture: true) { engine in
            var w = TPMWriter()
            w.writeSized([UInt8](repeating: 0x42, count: 32))
            w.write(TPMScheme.null)
            w.write(TPMTicket.null(TPMStructureTag.hashcheck))
            return command(.sign, handles: [try createFixture(engine)], sessions: [.password()], parameters: w.bytes)
        },
        FuzzSeed(name: "PCR_Extend(16) with a password session") { _ in
            var w = TPMWriter()
            w.write(TPMDigestValues([(.sha256, [UInt8](repeating: 0x16, count: 32))]))
            return command(.pcrExtend, handles: [16], sessions: [.password()], parameters: w.bytes)
        },
        FuzzSeed(name: "SelfTest(full)") { _ in command(.selfTest, parameters: [0x01]) },
    ]

    @Test("the seeds themselves succeed", arguments: seeds)
    func seedSucceeds(seed: FuzzSeed) throws {
        let engine = try makeEngine(started: !seed.startsTheTPM)
        let bytes = try seed.prepare(engine)
        let response = Response(engine.execute(bytes, locality: 0))
        #expect(response.code == 0)
        #expect(response.isWellFormed(answering: bytes))
    }

    @Test("truncations and byte flips get well-formed answers and lose no state", arguments: seeds.indices)
    func fuzz(seedIndex: Int) throws {
        let seed = Self.seeds[seedIndex]
        let engine = try makeEngine(started: !seed.startsTheTPM)
        let original = try seed.prepare(engine)
        let first = engine.execute(original, locality: 0)
        try #require(Response(first).code == 0)
        try restore(engine, seed: seed, original: original, after: Response(first))

        var issues = 0
        func record(_ comment: Comment) {
            issues += 1
            Issue.record(comment)
        }

        // A cut before commandSize is a short header; any later cut leaves commandSize larger
        // than the bytes received.
        for cut in 0..<original.count where issues < 5 {
            let truncated = Array(original.prefix(cut))
            let response = Response(engine.execute(truncated, locality: 0))
            let expected = cut < 6 ? TPMResponseCode.insufficient : .commandSize
            if response.code != expected.rawValue || !response.isWellFormed(answering: truncated) {
                record("\(seed.name): cut at \(cut) answered \(response.bytes)")
            }
        }

        var generator = SeededGenerator(seed: 0x5442_0000 + UInt64(seedIndex))
        for number in 0..<Self.mutationsPerSeed where issues < 5 {
            let mutated = Self.mutate(original, case: number, using: &generator)
            let response = Response(engine.execute(mutated, locality: 0))
            if !response.isWellFormed(answering: mutated) {
                record("\(seed.name) case \(number): \(mutated) answered \(response.bytes)")
            }
            try restore(engine, seed: seed, original: original, after: response)
            if let failure = Self.probe(engine, started: !seed.startsTheTPM) {
                record("\(seed.name) case \(number): after \(mutated) the probe failed: \(failure)")
            }
        }

        let again = engine.execute(original, locality: 0)
        #expect(Response(again).code == 0, "\(seed.name) no longer succeeds")
        if seed.isDeterministic { #expect(again == first, "\(seed.name) answers differently after fuzzing") }
    }

    /// Half the cases keep the 10-byte header so the changes reach handles, sessions and
    /// parameters; the other half may hit anything, except that a command code is not turned
    /// into another implemented command that writes NV (Clear, HierarchyChangeAuth, ...): such
    /// a command could rightly change what the seed answers afterwards.
    static func mutate(_ bytes: [UInt8], case number: Int, using generator: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        let low = number % 2 == 0 && bytes.count > 10 ? 10 : 0
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = Int.random(in: low..<bytes.count, using: &generator)
            out[position] ^= UInt8.random(in: 1...255, using: &generator)
        }
        if out.count >= 10, out[6..<10] != bytes[6..<10] {
            let code = TPMCommandCode(rawValue: out[6..<10].reduce(0) { $0 << 8 | UInt32($1) })
            if CommandTable.entries[code]?.writesNV == true { out.replaceSubrange(6..<10, with: bytes[6..<10]) }
        }
        return out
    }

    /// A known-good command: GetRandom answers 8 bytes once started, TPM_RC_INITIALIZE before.
    static func probe(_ engine: TPMEngine, started: Bool) -> String? {
        let response = Response(engine.execute(Commands.getRandom(8), locality: 0))
        if started {
            let answered = response.code == 0 && response.body.count == 10 && response.body.prefix(2) == [0x00, 0x08]
            return answered ? nil : "GetRandom answered \(response.bytes)"
        }
        return response.code == TPMResponseCode.initialize.rawValue
            ? nil : "GetRandom before Startup answered \(response.bytes)"
    }

    /// Puts the TPM back where the seed needs it: not started again for Startup; otherwise
    /// with nothing left loaded (objects, loaded and saved sessions) so slots never run out,
    /// and with the seed's fixture rebuilt if a mutated command (FlushContext, say) took it.
    private func restore(_ engine: TPMEngine, seed: FuzzSeed, original: [UInt8], after response: Response) throws {
        if seed.startsTheTPM {
            if response.code == 0 { try engine.powerOn(deleteVolatile: true) }
            return
        }
        let fixture: TPMHandle? = seed.keepsFixture ? TPMRH.transientFirst : nil
        for first in [TPMRH.transientFirst, TPMRH.hmacSessionFirst, TPMRH.policySessionFirst] {
            for handle in listHandles(engine, from: first) where handle != fixture {
                _ = engine.execute(Commands.flushContext(handle), locality: 0)
            }
        }
        if let fixture, !listHandles(engine, from: TPMRH.transientFirst).contains(fixture) {
            let rebuilt = try seed.prepare(engine)
            try #require(rebuilt == original, "\(seed.name): the fixture came back at another handle")
        }
    }

    /// TPM_CAP_HANDLES from `first` (TPML_HANDLE after moreData and the capability).
    private func listHandles(_ engine: TPMEngine, from first: TPMHandle) -> [TPMHandle] {
        let response = Response(engine.execute(Commands.getCapability(1, property: first, count: 64), locality: 0))
        guard response.code == 0 else { return [] }
        var reader = TPMReader(response.body)
        do {
            _ = try reader.read(UInt8.self)
            _ = try reader.read(UInt32.self)
            let count: UInt32 = try reader.read()
            var handles: [TPMHandle] = []
            for _ in 0..<count { handles.append(try reader.read()) }
            return handles
        } catch {
            return []
        }
    }
}
