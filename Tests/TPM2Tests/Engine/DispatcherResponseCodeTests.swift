import TPMTypes
import Testing

@testable import TPM2

/// Rewrites a command's commandSize field, for commands built to lie about their length.
func withCommandSize(_ bytes: [UInt8], _ size: UInt32) -> [UInt8] {
    var out = bytes
    out.replaceSubrange(2..<6, with: be32(size))
    return out
}

/// The codes the dispatcher gives for a malformed command, in the order Part 3 §5 checks
/// (header, mode, handles, sessions, parameters), each with its Part 2 §6.6 numbering.
@Suite("Dispatcher response codes")
struct DispatcherResponseCodeTests {
    // MARK: Header (Part 3 §5.2)

    @Test("a commandSize that disagrees with the bytes received is TPM_RC_COMMAND_SIZE (0x142)")
    func commandSize() throws {
        let engine = try makeEngine()
        let good = Commands.getRandom(8)
        #expect(responseCode(engine, withCommandSize(good, UInt32(good.count + 1))) == 0x142)
        #expect(responseCode(engine, withCommandSize(good, UInt32(good.count - 1))) == 0x142)
        #expect(responseCode(engine, withCommandSize(good, 0)) == 0x142)
        #expect(responseCode(engine, withCommandSize(good, .max)) == 0x142)
        #expect(responseCode(engine, good) == 0)
    }

    @Test("a command longer than TPM_PT_MAX_COMMAND_SIZE is TPM_RC_COMMAND_SIZE even when it says so")
    func oversizedCommand() throws {
        let engine = try makeEngine()
        let huge = command(
            .stirRandom, parameters: [UInt8](repeating: 0, count: defaultProfile.tpm?.maxCommandSize ?? 4096))
        #expect(responseCode(engine, huge) == 0x142)
    }

    /// The TPM answers from the bytes it received: once commandSize is there, any cut leaves
    /// it larger than them; before that the header itself is short.
    @Test("every truncation: TPM_RC_INSUFFICIENT before commandSize, TPM_RC_COMMAND_SIZE after")
    func truncatedCommands() throws {
        let engine = try makeEngine()
        let full = Commands.createPrimary(Templates.eccSigning)
        for cut in 0..<full.count {
            #expect(responseCode(engine, Array(full.prefix(cut))) == (cut < 6 ? 0x09A : 0x142), "cut at \(cut)")
        }
    }

    /// A header whose commandSize matches what arrived but which stops before the command code.
    @Test("a self-consistent header without its command code is TPM_RC_INSUFFICIENT")
    func headerWithoutCode() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, hex("8001 00000008 0000")) == 0x09A)
        #expect(responseCode(engine, hex("8001 00000006")) == 0x09A)
    }

    @Test(
        "a tag other than TPM_ST_NO_SESSIONS or TPM_ST_SESSIONS is TPM_RC_BAD_TAG (0x01E)",
        arguments: [
            UInt16(0x8003), 0x00C4, 0x8000, 0x0000, 0xFFFF,
        ])
    func badTag(tag: UInt16) throws {
        let engine = try makeEngine()
        var bytes = Commands.getRandom(8)
        bytes.replaceSubrange(0..<2, with: be16(tag))
        #expect(responseCode(engine, bytes) == 0x01E)
        // The tag is checked before the size, even when nothing else arrived.
        #expect(responseCode(engine, withCommandSize(bytes, 99)) == 0x01E)
        #expect(responseCode(engine, be16(tag)) == 0x01E)
    }

    @Test(
        "an unknown command code is TPM_RC_COMMAND_CODE (0x143), before or after Startup",
        arguments: [
            UInt32(0x0000_01FF), 0x0000_011E, 0x2000_0000, 0xFFFF_FFFF,
        ])
    func unknownCommandCode(code: UInt32) throws {
        let bytes = command(TPMCommandCode(rawValue: code), parameters: [0x00, 0x08])
        #expect(responseCode(try makeEngine(), bytes) == 0x143)
        // Header validation comes before the mode checks (Part 3 §5.2 before §5.3).
        #expect(responseCode(try makeEngine(started: false), bytes) == 0x143)
    }

    // MARK: Mode (Part 3 §5.3)

    @Test("before Startup every command but Startup is TPM_RC_INITIALIZE (0x100)")
    func beforeStartup() throws {
        let engine = try makeEngine(started: false)
        #expect(responseCode(engine, Commands.getRandom(8)) == 0x100)
        #expect(responseCode(engine, Commands.getCapability()) == 0x100)
        #expect(responseCode(engine, Commands.createPrimary(Templates.eccSigning)) == 0x100)
        #expect(responseCode(engine, Commands.startup()) == 0)
        #expect(responseCode(engine, Commands.getRandom(8)) == 0)
    }

    /// A second Startup is refused as a mode error, before its parameter is looked at.
    @Test("Startup after Startup is TPM_RC_INITIALIZE whatever its parameter")
    func startupTwice() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.startup()) == 0x100)
        #expect(responseCode(engine, Commands.startup(0x0005)) == 0x100)
    }

    // MARK: Handles (Part 3 §5.4)

    @Test("a handle that is no hierarchy, as handle 1, is TPM_RC_VALUE + handle 1 (0x184)")
    func badHierarchyHandle() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.createPrimary(Templates.eccSigning, hierarchy: 0x4000_0002)) == 0x184)
        #expect(responseCode(engine, Commands.startAuthSession(tpmKey: 0x4000_0002)) == 0x184)
    }

    /// An absent transient object is TPM_RC_REFERENCE_H0 plus the handle's index; an absent
    /// persistent object is TPM_RC_HANDLE with the handle number.
    @Test("absent objects: TPM_RC_REFERENCE_Hn for transient, TPM_RC_HANDLE + Hn for persistent")
    func absentObjects() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.readPublic(0x8000_0005)) == 0x910)
        #expect(responseCode(engine, Commands.readPublic(0x8100_0005)) == 0x18B)
        #expect(responseCode(engine, Commands.startAuthSession(tpmKey: 0x8000_0005)) == 0x910)
        #expect(responseCode(engine, Commands.startAuthSession(bind: 0x8000_0005)) == 0x911)
        #expect(responseCode(engine, Commands.startAuthSession(bind: 0x8100_0001)) == 0x28B)
    }

    /// A command too short for its handle area blames the handle that is missing.
    @Test("a missing handle is TPM_RC_INSUFFICIENT + its number")
    func missingHandle() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, command(.readPublic)) == 0x19A)
        #expect(responseCode(engine, command(.readPublic, parameters: [0x80, 0x00])) == 0x19A)
        #expect(responseCode(engine, command(.startAuthSession, handles: [TPMRH.null])) == 0x29A)
    }

    // MARK: Authorization area (Part 3 §5.5–5.6)

    @Test("a command that needs authorization but has no session is TPM_RC_AUTH_MISSING (0x125)")
    func authMissing() throws {
        let engine = try makeEngine()
        let parameters = Commands.createPrimaryParameters(Templates.eccSigning)
        #expect(responseCode(engine, command(.createPrimary, handles: [TPMRH.owner], parameters: parameters)) == 0x125)
    }

    @Test("an authorizationSize below 9 or past the end is TPM_RC_AUTHSIZE (0x144)")
    func authSize() throws {
        let engine = try makeEngine()
        let parameters = Commands.createPrimaryParameters(Templates.eccSigning)
        #expect(
            responseCode(engine, command(.createPrimary, handles: [TPMRH.owner], sessions: [], parameters: parameters))
                == 0x144)
        let good = Commands.createPrimary(Templates.eccSigning)
        #expect(responseCode(engine, good) == 0)
        let authSizeAt = 10 + 4
        for size: UInt32 in [0, 8, UInt32(good.count), 0xFFFF_FFFF] {
            var bytes = good
            bytes.replaceSubrange(authSizeAt..<authSizeAt + 4, with: be32(size))
            #expect(responseCode(engine, bytes) == 0x144, "authorizationSize \(size)")
        }
    }

    @Test(
        "a session handle that is no session, as session 1, is TPM_RC_VALUE + session 1 (0x984)",
        arguments: [
            TPMRH.owner, TPMRH.transientFirst, TPMRH.null, 0x0100_0000,
        ])
    func notASessionHandle(handle: TPMHandle) throws {
        let engine = try makeEngine()
        #expect(
            responseCode(engine, Commands.createPrimary(Templates.eccSigning, session: AuthArea(handle: handle)))
                == 0x984)
    }

    @Test("sessions not loaded are TPM_RC_REFERENCE_S0 plus their index")
    func sessionsNotLoaded() throws {
        let engine = try makeEngine()
        let missing = AuthArea(handle: 0x0200_0005, nonce: [UInt8](repeating: 1, count: 32))
        #expect(responseCode(engine, Commands.createPrimary(Templates.eccSigning, session: missing)) == 0x918)
        let two = command(
            .createPrimary, handles: [TPMRH.owner], sessions: [.password(), missing],
            parameters: Commands.createPrimaryParameters(Templates.eccSigning))
        #expect(responseCode(engine, two) == 0x919)
    }

    @Test("password-session faults carry the session number")
    func passwordSessionFaults() throws {
        let engine = try makeEngine()
        func createPrimary(_ session: AuthArea) -> UInt32 {
            responseCode(engine, Commands.createPrimary(Templates.eccSigning, session: session))
        }
        #expect(createPrimary(AuthArea(handle: TPMRH.password, nonce: [1])) == 0x98F)  // TPM_RC_NONCE + S1
        // TPM_RC_RESERVED_BITS + S1
        #expect(createPrimary(AuthArea(handle: TPMRH.password, attributes: 0x09)) == 0x9A1)
        // TPM_RC_SIZE + S1
        #expect(createPrimary(AuthArea(handle: TPMRH.password, hmac: [UInt8](repeating: 0, count: 65))) == 0x995)
        #expect(createPrimary(AuthArea(handle: TPMRH.password, attributes: 0x20)) == 0x982)  // TPM_RC_ATTRIBUTES + S1
        #expect(createPrimary(.password([0x01])) == 0x9A2)  // TPM_RC_BAD_AUTH + S1
    }

    /// Bytes after the last whole session are a second session that is cut short.
    @Test("a session cut short inside the authorization area is TPM_RC_INSUFFICIENT + its number (0xA9A)")
    func sessionCutShort() throws {
        let engine = try makeEngine()
        let area = AuthArea.password().bytes + [0x40, 0x00]
        var w = TPMWriter()
        w.write(TPMStructureTag.sessions)
        w.write(UInt32(0))
        w.write(TPMCommandCode.createPrimary)
        w.write(TPMRH.owner)
        w.write(UInt32(area.count))
        w.write(bytes: area)
        w.write(bytes: Commands.createPrimaryParameters(Templates.eccSigning))
        #expect(responseCode(engine, withCommandSize(w.bytes, UInt32(w.bytes.count))) == 0xA9A)
    }

    /// MAX_SESSION_NUM is 3; Part 4 reports the fourth as TPM_RC_SIZE + session 4.
    @Test("a fourth session is TPM_RC_SIZE + session 4 (0xC95)")
    func tooManySessions() throws {
        let engine = try makeEngine()
        let parameters = Commands.createPrimaryParameters(Templates.eccSigning)
        let four = command(
            .createPrimary, handles: [TPMRH.owner], sessions: Array(repeating: .password(), count: 4),
            parameters: parameters)
        #expect(responseCode(engine, four) == 0xC95)
    }

    @Test("the same session twice is TPM_RC_HANDLE + the second one's number")
    func duplicateSession() throws {
        let engine = try makeEngine()
        let started = Response(engine.execute(Commands.startAuthSession(), locality: 0))
        let session = try #require(started.handle)
        let area = AuthArea(
            handle: session, nonce: [UInt8](repeating: 2, count: 32), attributes: 0x01,
            hmac: [UInt8](repeating: 0, count: 32))
        let parameters = Commands.createPrimaryParameters(Templates.eccSigning)
        let twice = command(.createPrimary, handles: [TPMRH.owner], sessions: [area, area], parameters: parameters)
        #expect(responseCode(engine, twice) == 0xA8B)
    }

    // MARK: Parameters (Part 3 §5.7)

    @Test("Hash: TPM_RC_SIZE + P1 (0x1D5), TPM_RC_HASH + P2 (0x2C3), TPM_RC_VALUE + P3 (0x3C4)")
    func hashParameters() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.hash(Array("abc".utf8))) == 0)
        #expect(responseCode(engine, Commands.hash([UInt8](repeating: 0, count: 1025))) == 0x1D5)
        #expect(responseCode(engine, Commands.hash([], alg: TPMAlgorithm(rawValue: 0x0099))) == 0x2C3)
        #expect(responseCode(engine, Commands.hash([], alg: .null)) == 0x2C3)
        #expect(responseCode(engine, Commands.hash([], hierarchy: 0x4000_0002)) == 0x3C4)
    }

    @Test("StartAuthSession: each faulty parameter is numbered")
    func startAuthSessionParameters() throws {
        let engine = try makeEngine()
        // SIZE + P1
        #expect(responseCode(engine, Commands.startAuthSession(nonce: [UInt8](repeating: 1, count: 8))) == 0x1D5)
        #expect(responseCode(engine, Commands.startAuthSession(type: 2)) == 0x3C4)  // VALUE + P3
        #expect(
            responseCode(
                engine, Commands.startAuthSession(symmetric: TPMSymmetricDefinition(TPMAlgorithm(rawValue: 0x0099))))
                == 0x4D6)
        #expect(
            responseCode(
                engine, Commands.startAuthSession(symmetric: TPMSymmetricDefinition(.aes, keyBits: 100, mode: .cfb)))
                == 0x4C4)
        #expect(
            responseCode(
                engine, Commands.startAuthSession(symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .ofb)))
                == 0x4C9)
        #expect(responseCode(engine, Commands.startAuthSession(authHash: .null)) == 0x5C3)  // HASH + P5
    }

    @Test("PCR_Read: an unknown bank is TPM_RC_HASH + P1, an oversized bitmap TPM_RC_VALUE + P1")
    func pcrReadParameters() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, command(.pcrRead, parameters: hex("00000001 0099 03 010000"))) == 0x1C3)
        #expect(responseCode(engine, command(.pcrRead, parameters: hex("00000001 000b 05 0100000000"))) == 0x1C4)
        #expect(responseCode(engine, command(.pcrRead, parameters: hex("00000011"))) == 0x1D5)
    }

    @Test("CreatePrimary: sensitive faults are P1, template faults P2")
    func createPrimaryParameters() throws {
        let engine = try makeEngine()
        var template = Templates.eccSigning
        template.attributes.insert(TPMObjectAttributes(rawValue: 1 << 20))
        #expect(responseCode(engine, Commands.createPrimary(template)) == 0x2E1)  // RESERVED_BITS + P2
        template = Templates.eccSigning
        template.type = TPMAlgorithm(rawValue: 0x0099)
        #expect(responseCode(engine, Commands.createPrimary(template)) == 0x2CA)  // TYPE + P2
        let emptySensitive = command(
            .createPrimary, handles: [TPMRH.owner], sessions: [.password()], parameters: hex("0000"))
        #expect(responseCode(engine, emptySensitive) == 0x1D5)  // SIZE + P1
    }

    @Test("Sign: TPM_RC_SCHEME + P2 for a non-signing scheme, TPM_RC_TAG + P3 for the wrong ticket")
    func signParameters() throws {
        let engine = try makeEngine()
        let key = try #require(
            Response(engine.execute(Commands.createPrimary(Templates.eccSigning), locality: 0)).handle)
        func sign(scheme: [UInt8], ticket: [UInt8]) -> UInt32 {
            var w = TPMWriter()
            w.writeSized([UInt8](repeating: 7, count: 32))
            w.write(bytes: scheme + ticket)
            return responseCode(engine, command(.sign, handles: [key], sessions: [.password()], parameters: w.bytes))
        }
        let nullTicket = hex("8024 40000007 0000")
        #expect(sign(scheme: hex("0010"), ticket: nullTicket) == 0)
        #expect(sign(scheme: hex("0015"), ticket: nullTicket) == 0x2D2)
        #expect(sign(scheme: hex("0010"), ticket: hex("8021 40000007 0000")) == 0x3D7)
    }

    /// FlushContext names its handle as parameter 1 (TPMI_DH_CONTEXT); ContextLoad checks
    /// the TPMS_CONTEXT fields before it looks at the blob.
    @Test("context commands: TPM_RC_VALUE + P1 for a handle of the wrong kind, TPM_RC_HANDLE + P1 for an absent one")
    func contextParameters() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.flushContext(TPMRH.owner)) == 0x1C4)
        #expect(responseCode(engine, Commands.flushContext(0x8000_0007)) == 0x1CB)
        #expect(responseCode(engine, Commands.flushContext(0x0200_0007)) == 0x1CB)
        let hostile = TPMContext(sequence: 1, savedHandle: TPMRH.owner, hierarchy: TPMRH.null, blob: [])
        #expect(responseCode(engine, command(.contextLoad, parameters: hostile.marshalled)) == 0x1C4)
        let forged = TPMContext(
            sequence: 1, savedHandle: TPMRH.transientFirst, hierarchy: TPMRH.null, blob: [0x00, 0x00, 0x01])
        // TPM_RC_INTEGRITY + P1
        #expect(responseCode(engine, command(.contextLoad, parameters: forged.marshalled)) == 0x1DF)
    }

    @Test("a parameter cut short in a self-consistent command is TPM_RC_INSUFFICIENT + its number")
    func shortParameter() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, command(.getRandom, parameters: [0x00])) == 0x1DA)
        #expect(responseCode(engine, command(.getCapability, parameters: be32(6) + be32(0x100))) == 0x3DA)
    }

    /// CommandDispatcher.c: bytes left after the last parameter are TPM_RC_SIZE, unnumbered.
    @Test("trailing bytes after the last parameter are TPM_RC_SIZE (0x095)")
    func trailingBytes() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, command(.getRandom, parameters: be16(8) + [0x00])) == 0x095)
        #expect(responseCode(engine, command(.getTestResult, parameters: [0x00])) == 0x095)
        #expect(responseCode(engine, Commands.hash([1, 2, 3])) == 0)
        let hashWithExtra = command(.hash, parameters: Array(Commands.hash([1, 2, 3]).dropFirst(10)) + [0xAA, 0xBB])
        #expect(responseCode(engine, hashWithExtra) == 0x095)
        let createPrimaryWithExtra = Commands.createPrimary(Templates.eccSigning) + [0x00]
        #expect(
            responseCode(engine, withCommandSize(createPrimaryWithExtra, UInt32(createPrimaryWithExtra.count))) == 0x095
        )
    }
}
