import DeviceStore
import TPMTypes
import Testing

@testable import TPM2

/// TPM2_PCR_SetAuthValue and TPM2_PCR_SetAuthPolicy (Part 3 §22.6, §22.7) on the PC Client
/// auth and policy group, PCRs 16–23.
@Suite("PCR_SetAuthValue and PCR_SetAuthPolicy")
struct PCR_SetAuthTests {
    static let password = Array("pcr16".utf8)
    static let zeroPolicy = [UInt8](repeating: 0, count: 32)

    /// PCRs are not DA-protected (the reference's IsDAExempted): a wrong value is TPM_RC_BAD_AUTH
    /// on the session, not TPM_RC_AUTH_FAIL.
    @Test("after PCR_SetAuthValue, PCR_Extend of that PCR needs the password: TPM_RC_BAD_AUTH + session 1 (0x9A2)")
    func extendNeedsAuthValue() throws {
        let engine = try makeEngine()
        try engine.require(Commands.pcrSetAuthValue(16, auth: Self.password), "PCR_SetAuthValue")
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0x9A2)
        #expect(responseCode(engine, Commands.pcrExtend(16, session: .password(Array("wrong".utf8)))) == 0x9A2)
        #expect(responseCode(engine, Commands.pcrExtend(16, session: .password(Self.password))) == 0)
        #expect(responseCode(engine, Commands.pcrExtend(23)) == 0, "other PCRs keep the empty auth")
        #expect(try engine.property(0x20E) == 0, "no dictionary-attack failure counted")
        #expect(responseCode(engine, Commands.pcrSetAuthValue(16, auth: [], session: .password(Self.password))) == 0)
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0)
    }

    @Test("PCR_SetAuthValue outside PCRs 16–23 is TPM_RC_VALUE + handle 1 (0x184)", arguments: [TPMHandle(0), 7, 15])
    func authValueOutsideGroup(pcr: TPMHandle) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.pcrSetAuthValue(pcr, auth: Self.password)) == 0x184)
    }

    /// PCR auth values are state-clear data (gc in Part 4): Shutdown(STATE) saves them for a
    /// Resume, Startup(CLEAR) clears them.
    @Test("a PCR auth value survives Shutdown(STATE) + Startup(STATE), not Startup(CLEAR)")
    func authValueAcrossStartup() throws {
        let engine = try makeEngine()
        try engine.require(Commands.pcrSetAuthValue(16, auth: Self.password), "PCR_SetAuthValue")
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.state) == 0)
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0x9A2)
        #expect(try engine.powerCycle(shutdown: StartupType.state, startup: StartupType.clear) == 0)
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0)
    }

    /// The same Resume when the process restarted between Shutdown and Startup: the auth
    /// value comes from the saved state, not from the engine's memory.
    @Test(
        "a PCR auth value survives Shutdown(STATE) + Startup(STATE) in a new process: empty is TPM_RC_BAD_AUTH + session 1 (0x9A2)"
    )
    func authValueAcrossProcessResume() throws {
        let store = MemoryStore()
        let engine = try makeEngine(store: store)
        try engine.require(Commands.pcrSetAuthValue(16, auth: Self.password), "PCR_SetAuthValue")
        try engine.require(Commands.shutdown(StartupType.state), "Shutdown")
        let resumed = try reopenEngine(store: store)
        #expect(responseCode(resumed, Commands.startup(StartupType.state)) == 0)
        #expect(responseCode(resumed, Commands.pcrExtend(16)) == 0x9A2)
        #expect(responseCode(resumed, Commands.pcrExtend(16, session: .password(Self.password))) == 0)
    }

    /// An all-zero policy is what a fresh policy session holds, so the policy can be used
    /// without any policy command: success shows the policy is set, TPM_RC_POLICY_FAIL that
    /// not (a PCR of the policy group takes a policy session; the reference's
    /// PCRPolicyIsAvailable, then the digest comparison against an empty authPolicy).
    @Test("a PCR policy lasts across a power cycle and a new process; TPM_ALG_NULL removes it")
    func policyIsPermanent() throws {
        let store = MemoryStore()
        var engine = try makeEngine(store: store)
        func extendWithPolicy() throws -> UInt32 {
            let session = try #require(Response(engine.execute(Commands.startPolicySession(), locality: 0)).handle)
            return responseCode(engine, Commands.pcrExtend(16, session: .policy(session)))
        }
        #expect(try extendWithPolicy() == 0x99D, "no policy yet: TPM_RC_POLICY_FAIL, session 1")
        try engine.require(Commands.pcrSetAuthPolicy(16, policy: Self.zeroPolicy), "PCR_SetAuthPolicy")
        #expect(try extendWithPolicy() == 0)
        #expect(try engine.powerCycle(shutdown: nil, startup: StartupType.clear) == 0)
        #expect(try extendWithPolicy() == 0)
        engine = try makeEngine(store: store)
        #expect(try extendWithPolicy() == 0)
        try engine.require(Commands.pcrSetAuthPolicy(16, policy: [], hash: .null), "PCR_SetAuthPolicy")
        #expect(try extendWithPolicy() == 0x99D)
    }

    @Test("PCR_SetAuthPolicy with a digest not of hashAlg's size is TPM_RC_SIZE + parameter 1 (0x1D5)")
    func policySize() throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.pcrSetAuthPolicy(16, policy: [UInt8](repeating: 0, count: 31))) == 0x1D5)
        #expect(
            responseCode(engine, Commands.pcrSetAuthPolicy(16, policy: [UInt8](repeating: 0, count: 32), hash: .sha384))
                == 0x1D5)
        #expect(
            responseCode(engine, Commands.pcrSetAuthPolicy(16, policy: [UInt8](repeating: 0, count: 48), hash: .sha384))
                == 0)
    }

    @Test(
        "PCR_SetAuthPolicy outside PCRs 16–23 is TPM_RC_VALUE + parameter 3 (0x3C4)",
        arguments: [TPMHandle(0), 15, 24, TPMRH.owner])
    func policyOutsideGroup(pcr: TPMHandle) throws {
        let engine = try makeEngine()
        #expect(responseCode(engine, Commands.pcrSetAuthPolicy(pcr, policy: Self.zeroPolicy)) == 0x3C4)
    }

    /// A PCR_Extend of `pcr` authorized by a fresh policy session (all-zero digest).
    /// Part 4 IsPolicySessionRequired: a PCR with an authPolicy takes no password or HMAC.
    @Test("a PCR with an authPolicy refuses a password session: TPM_RC_AUTH_TYPE (0x124)")
    func policyPCRRefusesPassword() throws {
        let engine = try makeEngine()
        try engine.require(Commands.pcrSetAuthPolicy(16, policy: Self.zeroPolicy), "PCR_SetAuthPolicy")
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0x124)
        #expect(try extendWithPolicy(engine, 16) == 0)
        #expect(responseCode(engine, Commands.pcrExtend(23)) == 0, "PCRs without a policy still take their authValue")
    }

    func extendWithPolicy(_ engine: TPMEngine, _ pcr: TPMHandle) throws -> UInt32 {
        responseCode(engine, Commands.pcrExtend(pcr, session: .policy(try engine.startPolicySession())))
    }

    /// Part 4 ChangePPS: PCR policies are set with platform authorization, so a new platform
    /// seed removes them all; the PCRs go back to their authValue.
    @Test(
        "ChangePPS removes every PCR policy: a policy session then fails the digest comparison (TPM_RC_POLICY_FAIL, 0x99D)"
    )
    func changePPSRemovesPolicies() throws {
        let engine = try makeEngine()
        try engine.require(Commands.pcrSetAuthPolicy(16, policy: Self.zeroPolicy), "PCR_SetAuthPolicy")
        try engine.require(Commands.pcrSetAuthPolicy(23, policy: Self.zeroPolicy), "PCR_SetAuthPolicy")
        #expect(try extendWithPolicy(engine, 16) == 0)
        try engine.require(Commands.changePPS(), "ChangePPS")
        #expect(try engine.permanentState().pcrPolicies.isEmpty)
        #expect(try extendWithPolicy(engine, 16) == 0x99D)
        #expect(try extendWithPolicy(engine, 23) == 0x99D)
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0)
    }

    /// Part 4 Clear: PCR_ClearAuth empties the auth values (the owner's); the policies are
    /// the platform's and stay.
    @Test("Clear removes PCR auth values and keeps PCR policies")
    func clearKeepsPoliciesRemovesAuthValues() throws {
        let engine = try makeEngine()
        try engine.require(Commands.pcrSetAuthValue(16, auth: Self.password), "PCR_SetAuthValue")
        try engine.require(Commands.pcrSetAuthPolicy(23, policy: Self.zeroPolicy), "PCR_SetAuthPolicy")
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0x9A2)
        try engine.require(Commands.clear(), "Clear")
        #expect(responseCode(engine, Commands.pcrExtend(16)) == 0)
        #expect(try extendWithPolicy(engine, 23) == 0)
        #expect(try engine.permanentState().pcrPolicies.keys.sorted() == [23])
    }
}
