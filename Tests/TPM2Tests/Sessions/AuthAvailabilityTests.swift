import DeviceStore
import Profiles
import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// When an entity's authValue may be used at all (the reference's IsAuthValueAvailable:
/// TPM_RC_AUTH_UNAVAILABLE otherwise), which sessions may audit, and how TPM_EO's signed
/// comparisons order their operands (the reference's SignedCompareB).
@Suite struct AuthAvailabilityTests {
    let engine: TPMEngine
    private let pin = Array("1234".utf8)

    init() throws { engine = try makeEngine() }

    private func sized(_ bytes: [UInt8]) -> [UInt8] { be16(UInt16(bytes.count)) + bytes }

    /// PolicySecret with `authHandle`'s authValue given as a password, into a fresh policy session.
    private func policySecret(_ authHandle: TPMHandle, password: [UInt8]) throws -> UInt32 {
        let session = try engine.startPolicySession()
        defer { _ = engine.execute(Commands.flushContext(session), locality: 0) }
        return responseCode(
            engine,
            command(
                .policySecret, handles: [authHandle, session], sessions: [.password(password)],
                parameters: sized([]) + sized([]) + sized([]) + be32(0)))
    }

    /// pinCount ‖ pinLimit (TPMS_NV_PIN_COUNTER_PARAMETERS), written by the owner.
    private func writeCounters(_ index: TPMHandle, count: UInt32, limit: UInt32) throws {
        try engine.require(Commands.nvWrite(index, be32(count) + be32(limit), by: TPMRH.owner), "NV_Write")
    }

    @Test("A PIN Pass index's authValue is unavailable (0x12F) until written, then for pinLimit uses")
    func pinPass() throws {
        let index: TPMHandle = 0x0150_0021
        try engine.define(
            NVTemplates.index(index, type: .pinPass, size: 8, attributes: [.ownerWrite, .authRead, .noDA]), auth: pin)
        #expect(try policySecret(index, password: pin) == 0x12F)
        try writeCounters(index, count: 0, limit: 2)
        #expect(try policySecret(index, password: pin) == 0)
        #expect(try policySecret(index, password: pin) == 0)
        #expect(try policySecret(index, password: pin) == 0x12F)
    }

    @Test("A PIN Fail index's authValue is unavailable (0x12F) until written, and after pinLimit failures in a row")
    func pinFail() throws {
        let index: TPMHandle = 0x0150_0022
        try engine.define(
            NVTemplates.index(index, type: .pinFail, size: 8, attributes: [.ownerWrite, .authRead, .noDA]), auth: pin)
        #expect(try policySecret(index, password: pin) == 0x12F)
        // a wrong one too: no authValue to compare with
        #expect(try policySecret(index, password: Array("0000".utf8)) == 0x12F)
        try writeCounters(index, count: 0, limit: 2)
        #expect(try policySecret(index, password: Array("0000".utf8)) == 0x9A2)  // TPM_RC_BAD_AUTH, session 1
        #expect(try policySecret(index, password: pin) == 0)  // a success clears the count
        #expect(try policySecret(index, password: Array("0000".utf8)) == 0x9A2)
        #expect(try policySecret(index, password: Array("0000".utf8)) == 0x9A2)
        #expect(try policySecret(index, password: pin) == 0x12F)
    }

    @Test("An ordinary index without authRead lends its authValue only to the write commands that authWrite allows")
    func indexWithoutAuthRead() throws {
        let index: TPMHandle = 0x0150_0023
        try engine.define(NVTemplates.index(index, size: 8, attributes: [.ownerRead, .authWrite]), auth: pin)
        #expect(try policySecret(index, password: pin) == 0x12F)
        #expect(responseCode(engine, Commands.nvWrite(index, Array("8 bytes!".utf8), session: .password(pin))) == 0)
        let readable: TPMHandle = 0x0150_0024
        try engine.define(NVTemplates.index(readable, size: 8, attributes: [.ownerWrite, .authRead]), auth: pin)
        #expect(try policySecret(readable, password: pin) == 0)
    }

    /// TPM2_Sign of a zero digest with the key's scheme and a NULL ticket, by password.
    private func sign(_ key: TPMHandle) -> UInt32 {
        let parameters =
            sized([UInt8](repeating: 0, count: 32)) + be16(TPMAlgorithm.null.rawValue)
            + be16(0x8024) + be32(TPMRH.null) + sized([])
        return responseCode(engine, command(.sign, handles: [key], sessions: [.password()], parameters: parameters))
    }

    @Test(
        "An object with userWithAuth CLEAR refuses its authValue for the USER role: TPM_RC_AUTH_UNAVAILABLE, not AUTH_TYPE"
    )
    func userWithAuthClear() throws {
        var template = Templates.eccSigning
        template.attributes.remove(.userWithAuth)
        #expect(sign(try engine.primary(in: TPMRH.owner, template: template)) == 0x12F)
        #expect(sign(try engine.primary(in: TPMRH.owner)) == 0)
    }

    @Test("A policy session cannot audit, nor can a second audit session: TPM_RC_ATTRIBUTES on that session")
    func auditSessions() throws {
        let index: TPMHandle = 0x0150_0025
        try engine.define(NVTemplates.index(index, size: 8, attributes: NVTemplates.indexAccess))
        try engine.require(Commands.nvWrite(index, Array("8 bytes!".utf8)), "NV_Write")
        let read = { (sessions: [AuthArea]) in
            responseCode(
                self.engine,
                command(.nvRead, handles: [index, index], sessions: sessions, parameters: be16(8) + be16(0)))
        }
        let policy = try engine.startPolicySession()
        #expect(read([AuthArea(handle: policy, nonce: [UInt8](repeating: 1, count: 16), attributes: 0x81)]) == 0x982)
        let first = try ClientSession(engine, type: 0)
        let second = try ClientSession(engine, type: 0)
        let audit = { (session: ClientSession) in
            AuthArea(handle: session.handle, nonce: session.rollNonce(), attributes: 0x81)
        }
        #expect(read([.password(), audit(first), audit(second)]) == 0xB82)
    }

    @Test(
        "TPM_EO signed comparisons: signs order first; two negatives compare as SignedCompareB, or as integers when the profile asks"
    )
    func signedComparisons() {
        let signedGreater: UInt16 = 0x0002
        let signedLess: UInt16 = 0x0004
        // Different signs: the negative operand is the smaller either way.
        #expect(PolicyGrant.holds(signedLess, [0x80], [0x7F]))
        #expect(PolicyGrant.holds(signedLess, [0x80], [0x7F], twosComplement: true))
        // Two positives: as unsigned.
        #expect(PolicyGrant.holds(signedGreater, [0x12, 0x34], [0x12, 0x33]))
        #expect(PolicyGrant.holds(signedGreater, [0x12, 0x34], [0x12, 0x33], twosComplement: true))
        // Two negatives: 0x81 (-127) > 0x82 (-126) for SignedCompareB; < as integers.
        #expect(PolicyGrant.holds(signedGreater, [0x81], [0x82]))
        #expect(!PolicyGrant.holds(signedGreater, [0x81], [0x82], twosComplement: true))
        #expect(PolicyGrant.holds(signedLess, [0x81], [0x82], twosComplement: true))
        #expect(PolicyGrant.holds(signedLess, [0xFF, 0x00], [0x80, 0x00]))
        #expect(PolicyGrant.holds(signedGreater, [0xFF, 0x00], [0x80, 0x00], twosComplement: true))
    }

    /// PolicyNV on a one-byte index holding 0x81: is it signed-greater than 0x82?
    private func negativeOperandsCompare(_ engine: TPMEngine) throws -> UInt32 {
        let index: TPMHandle = 0x0150_0026
        try engine.define(NVTemplates.index(index, size: 1))
        try engine.require(Commands.nvWrite(index, [0x81]), "NV_Write")
        let session = try engine.startPolicySession()
        return responseCode(
            engine,
            command(
                .policyNV, handles: [index, index, session], sessions: [.password()],
                parameters: sized([0x82]) + be16(0) + be16(0x0002)))
    }

    @Test(
        "A profile's tpm.signedComparison: twos-complement changes PolicyNV; an unknown value is refused with a sentence"
    )
    func signedComparisonProfile() throws {
        #expect(try negativeOperandsCompare(engine) == 0)
        var profile = defaultProfile
        profile.tpm?.signedComparison = "twos-complement"
        #expect(try negativeOperandsCompare(makeEngine(profile: profile)) == 0x126)  // TPM_RC_POLICY

        profile.tpm?.signedComparison = "arithmetic"
        do {
            _ = try TPMEngine(profile: profile, store: MemoryStore())
            Issue.record("a profile with signedComparison: arithmetic loaded")
        } catch {
            #expect("\(error)".contains("use reference (Part 4's SignedCompareB, the default) or twos-complement"))
        }
    }
}
