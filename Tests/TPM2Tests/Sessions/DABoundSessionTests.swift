import TPMTypes
import Testing

@testable import TPM2

/// Sessions started with a bind entity subject to dictionary-attack protection (the
/// reference's isDaBound and isLockoutBound, set by SessionCreate): every use of such a
/// session is checked for lockout, and its failed HMACs count, whatever the session
/// authorizes; a bad HMAC of any other session is TPM_RC_BAD_AUTH and counts nothing.
/// Observed through TPM_PT_LOCKOUT_COUNTER (0x20E) and lockoutAuth's lockout.
@Suite struct DABoundSessionTests {
    let engine: TPMEngine
    /// A DA-protected index (noDA CLEAR) with a password, to bind sessions to.
    private let index = NVTemplates.handle
    private let password = Array("right".utf8)

    init() throws {
        engine = try makeEngine()
        try engine.define(NVTemplates.index(attributes: NVTemplates.indexAccess), auth: password)
    }

    private var lockoutCounter: UInt32 { get throws { try engine.property(0x20E) } }

    /// ClockSet authorized by the owner (exempt from DA) through `session`, its HMAC keyed
    /// with `ownerAuth` (the owner's authValue is empty, so anything else is wrong).
    private func ownerClockSet(_ session: ClientSession, ownerAuth: [UInt8]) throws -> UInt32 {
        var w = TPMWriter()
        w.write(UInt64(1) << 40)
        session.rollNonce()
        let area = try session.area(
            .clockSet, names: [be32(TPMRH.owner)], parameters: w.bytes, attributes: 0x01, authValue: ownerAuth)
        return responseCode(engine, command(.clockSet, handles: [TPMRH.owner], sessions: [area], parameters: w.bytes))
    }

    /// GetRandom with `session` as an audit session only, its HMAC right or spoilt.
    private func auditedGetRandom(_ session: ClientSession, spoilt: Bool = false) throws -> UInt32 {
        session.rollNonce()
        var area = try session.area(.getRandom, names: [], parameters: be16(8), attributes: 0x81)
        if spoilt { area.hmac[0] ^= 1 }
        return responseCode(engine, command(.getRandom, sessions: [area], parameters: be16(8)))
    }

    @Test(
        "A failed HMAC of a session bound to a DA-protected index counts, though it authorizes the DA-exempt owner: TPM_RC_AUTH_FAIL (0x98E)"
    )
    func daBoundCountsOnExemptHandle() throws {
        let bound = try ClientSession(engine, type: 0, bind: index, bindAuth: password)
        #expect(try ownerClockSet(bound, ownerAuth: Array("wrong".utf8)) == 0x98E)
        #expect(try lockoutCounter == 1)
        #expect(try ownerClockSet(bound, ownerAuth: []) == 0, "the right HMAC still works")

        let unbound = try ClientSession(engine, type: 0)
        #expect(
            try ownerClockSet(unbound, ownerAuth: Array("wrong".utf8)) == 0x9A2, "unbound: TPM_RC_BAD_AUTH on session 1"
        )
        #expect(try lockoutCounter == 1)
    }

    @Test(
        "A failed HMAC of a session bound to TPM_RH_LOCKOUT locks lockoutAuth, whatever it authorizes, and leaves failedTries alone"
    )
    func lockoutBoundLocksLockoutAuth() throws {
        let bound = try ClientSession(engine, type: 0, bind: TPMRH.lockout)
        #expect(try ownerClockSet(bound, ownerAuth: Array("wrong".utf8)) == 0x98E)
        #expect(try lockoutCounter == 0)
        #expect(
            responseCode(engine, Commands.dictionaryAttackLockReset()) == 0x921, "TPM_RC_LOCKOUT: lockoutAuth is locked"
        )
        #expect(try ownerClockSet(bound, ownerAuth: []) == 0x921, "and the session itself is refused while it is")
    }

    @Test(
        "A session that only audits: a bad HMAC is TPM_RC_BAD_AUTH (0x9A2), or TPM_RC_AUTH_FAIL and counted when it is DA-bound"
    )
    func auditOnlySession() throws {
        let unbound = try ClientSession(engine, type: 0)
        #expect(try auditedGetRandom(unbound, spoilt: true) == 0x9A2)
        #expect(try lockoutCounter == 0)
        #expect(try auditedGetRandom(unbound) == 0)

        let bound = try ClientSession(engine, type: 0, bind: index, bindAuth: password)
        #expect(try auditedGetRandom(bound, spoilt: true) == 0x98E)
        #expect(try lockoutCounter == 1)
    }

    @Test(
        "A hash sequence is exempt from DA: a wrong authValue is TPM_RC_BAD_AUTH and counts nothing, nor is a session bound to it DA-bound"
    )
    func sequencesAreExempt() throws {
        var w = TPMWriter()
        w.writeSized(password)
        w.write(TPMAlgorithm.sha256.rawValue)
        let started = try engine.require(command(.hashSequenceStart, parameters: w.bytes), "HashSequenceStart")
        guard let sequence = started.handle else { throw TestSetupError("no sequence handle") }
        let update = command(
            .sequenceUpdate, handles: [sequence], sessions: [.password(Array("wrong".utf8))],
            parameters: be16(1) + [0x61])
        #expect(responseCode(engine, update) == 0x9A2)
        #expect(try lockoutCounter == 0)
        let bound = try ClientSession(engine, type: 0, bind: sequence, bindAuth: password)
        #expect(try auditedGetRandom(bound, spoilt: true) == 0x9A2)
        #expect(try lockoutCounter == 0)
    }

    @Test(
        "In lockout, a DA-bound session is refused (TPM_RC_LOCKOUT) even where it authorizes nothing; other sessions are not"
    )
    func daBoundRefusedInLockout() throws {
        try engine.require(
            Commands.dictionaryAttackParameters(maxTries: 1, recoveryTime: 1000, lockoutRecovery: 1000),
            "DictionaryAttackParameters")
        let bound = try ClientSession(engine, type: 0, bind: index, bindAuth: password)
        let unbound = try ClientSession(engine, type: 0)
        #expect(responseCode(engine, Commands.nvWrite(index, [1], session: .password(Array("wrong".utf8)))) == 0x98E)
        #expect(try lockoutCounter == 1)
        #expect(try auditedGetRandom(bound) == 0x921)
        #expect(try auditedGetRandom(unbound) == 0)
    }
}
