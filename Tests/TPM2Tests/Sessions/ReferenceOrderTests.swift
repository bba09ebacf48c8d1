import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The session rules of the reference's SessionProcess.c that a reading of the prose leaves
/// open: when the authValue counts as used (lockout, PIN counters), the order of
/// CheckPolicyAuthSession's checks, which commands take no sessions, how exclusivity of an
/// audit session is reported and when it ends, and which nonces the first session's HMAC covers.
@Suite struct ReferenceOrderTests {
    let engine: TPMEngine
    private let pin = Array("1234".utf8)
    private let zero = [UInt8](repeating: 0, count: 32)

    init() throws { engine = try makeEngine() }

    private func sized(_ bytes: [UInt8]) -> [UInt8] { be16(UInt16(bytes.count)) + bytes }

    private func extend(_ old: [UInt8], _ code: TPMCommandCode, _ fields: [UInt8] = []) throws -> [UInt8] {
        try Hash.digest(.sha256, old + be32(code.rawValue) + fields)
    }

    /// TPM2_Sign of a zero digest with the key's scheme and a NULL ticket.
    private func sign(_ key: TPMHandle, _ session: AuthArea) -> UInt32 {
        let parameters = sized(zero) + be16(TPMAlgorithm.null.rawValue) + be16(0x8024) + be32(TPMRH.null) + sized([])
        return responseCode(engine, command(.sign, handles: [key], sessions: [session], parameters: parameters))
    }

    /// pinCount of a PIN index, read by the owner (which leaves the counters alone).
    private func pinCount(_ index: TPMHandle) throws -> UInt32 {
        let response = try engine.require(Commands.nvRead(index, size: 8, by: TPMRH.owner), "NV_Read")
        let data = Array(response.parameters.dropFirst(2))
        return data.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test(
        "A PIN Pass index counts only uses of its authValue: a policy session without PolicyAuthValue leaves pinCount alone"
    )
    func pinCountNeedsTheAuthValue() throws {
        let index: TPMHandle = 0x0150_0031
        try engine.define(
            NVTemplates.index(
                index, type: .pinPass, size: 8,
                attributes: [.ownerWrite, .ownerRead, .authRead, .policyRead, .noDA], authPolicy: zero),
            auth: pin)
        try engine.require(Commands.nvWrite(index, be32(0) + be32(3), by: TPMRH.owner), "NV_Write")
        let read = { (session: AuthArea) in
            responseCode(
                self.engine,
                command(.nvRead, handles: [index, index], sessions: [session], parameters: be16(8) + be16(0)))
        }
        #expect(read(.policy(try engine.startPolicySession())) == 0)
        #expect(try pinCount(index) == 0, "the policy did not use the authValue")
        #expect(read(.password(pin)) == 0)
        #expect(try pinCount(index) == 1, "a password uses it")
    }

    @Test(
        "PolicySecret through a policy session without PolicyAuthValue or PolicyPassword is TPM_RC_MODE, before the digest is compared"
    )
    func policySecretNeedsTheAuthValue() throws {
        let index: TPMHandle = 0x0150_0032
        let authPolicy = try extend(zero, .policyAuthValue)
        try engine.define(
            NVTemplates.index(
                index, size: 8, attributes: [.ownerWrite, .authRead, .policyRead], authPolicy: authPolicy),
            auth: pin)
        guard let indexName = try engine.nvPublic(index)?.name else { throw TestSetupError("NV_ReadPublic failed") }
        let target = try engine.startPolicySession()
        let parameters = sized([]) + sized([]) + sized([]) + be32(0)
        let secret = { (session: AuthArea) in
            responseCode(
                self.engine,
                command(.policySecret, handles: [index, target], sessions: [session], parameters: parameters))
        }
        // TPM_RC_MODE on session 1, although this session's digest does not match either.
        #expect(secret(.policy(try engine.startPolicySession())) == 0x989)

        let authorizing = try ClientSession(engine, type: 1)
        try engine.require(command(.policyAuthValue, handles: [authorizing.handle]), "PolicyAuthValue")
        authorizing.rollNonce()
        let area = try authorizing.area(
            .policySecret, names: [indexName, be32(target)], parameters: parameters,
            attributes: 0x01, authValue: pin)
        #expect(secret(area) == 0)
    }

    @Test(
        "An empty authPolicy: an object's fails the digest comparison (TPM_RC_POLICY_FAIL), a hierarchy's is TPM_RC_AUTH_UNAVAILABLE"
    )
    func emptyAuthPolicy() throws {
        let key = try engine.primary(in: TPMRH.owner)
        #expect(sign(key, .policy(try engine.startPolicySession())) == 0x99D)
        let changeOwnerAuth = command(
            .hierarchyChangeAuth, handles: [TPMRH.owner], sessions: [.policy(try engine.startPolicySession())],
            parameters: sized([]))
        #expect(responseCode(engine, changeOwnerAuth) == 0x12F)
    }

    @Test("CheckPolicyAuthSession's order: locality and physical presence are judged before cpHash")
    func policyCheckOrder() throws {
        let wrongCpHash = [UInt8](repeating: 0x77, count: 32)
        // PolicyLocality(3) then PolicyCpHash: at locality 0 the answer is TPM_RC_LOCALITY.
        var template = Templates.eccSigning
        template.authPolicy = try extend(try extend(zero, .policyLocality, [0x08]), .policyCpHash, wrongCpHash)
        let localityKey = try engine.primary(in: TPMRH.owner, template: template)
        var session = try engine.startPolicySession()
        try engine.require(command(.policyLocality, handles: [session], parameters: [0x08]), "PolicyLocality")
        try engine.require(command(.policyCpHash, handles: [session], parameters: sized(wrongCpHash)), "PolicyCpHash")
        #expect(sign(localityKey, .policy(session)) == 0x907)

        // PolicyPhysicalPresence then PolicyCpHash, without presence: TPM_RC_PP on session 1.
        template.authPolicy = try extend(try extend(zero, .policyPhysicalPresence), .policyCpHash, wrongCpHash)
        let presenceKey = try engine.primary(in: TPMRH.owner, template: template)
        session = try engine.startPolicySession()
        try engine.require(command(.policyPhysicalPresence, handles: [session]), "PolicyPhysicalPresence")
        try engine.require(command(.policyCpHash, handles: [session], parameters: sized(wrongCpHash)), "PolicyCpHash")
        #expect(sign(presenceKey, .policy(session)) == 0x990)
    }

    @Test(
        "Platform authorization of a PP_Commands command needs physical presence through a policy session too (TPM_RC_PP)"
    )
    func physicalPresenceForPolicySessions() throws {
        try engine.require(Commands.setPrimaryPolicy(TPMRH.platform, policy: zero), "SetPrimaryPolicy")
        let ppCommands = command(
            .ppCommands, handles: [TPMRH.platform], sessions: [.policy(try engine.startPolicySession())],
            parameters: be32(0) + be32(0))
        #expect(responseCode(engine, ppCommands) == 0x990)
    }

    @Test("Startup, ContextSave, ContextLoad and FlushContext take no sessions: TPM_RC_AUTH_CONTEXT")
    func commandsWithoutSessions() throws {
        let key = try engine.primary(in: TPMRH.owner)
        #expect(responseCode(engine, command(.contextSave, handles: [key], sessions: [.password()])) == 0x145)
        #expect(responseCode(engine, command(.flushContext, sessions: [.password()], parameters: be32(key))) == 0x145)
        // Sessions are judged before parameters: ContextLoad's blob does not matter.
        #expect(responseCode(engine, command(.contextLoad, sessions: [.password()], parameters: [0, 1, 2])) == 0x145)
        // Startup on a TPM after _TPM_Init; once started, TPM_RC_INITIALIZE comes first (ExecuteCommand).
        let fresh = try makeEngine(started: false)
        #expect(
            responseCode(fresh, command(.startup, sessions: [.password()], parameters: be16(StartupType.clear)))
                == 0x145)
        #expect(
            responseCode(engine, command(.startup, sessions: [.password()], parameters: be16(StartupType.clear)))
                == 0x100)
    }

    @Test(
        "A PIN Fail index counts failed uses of its authValue and a success clears them; a bound session's failure is not a use"
    )
    func pinFailCountsUsesOfTheAuthValue() throws {
        let index: TPMHandle = 0x0150_0033
        try engine.define(
            NVTemplates.index(index, type: .pinFail, size: 8, attributes: [.ownerWrite, .ownerRead, .authRead, .noDA]),
            auth: pin)
        try engine.require(Commands.nvWrite(index, be32(0) + be32(3), by: TPMRH.owner), "NV_Write")
        guard let name = try engine.nvPublic(index)?.name else { throw TestSetupError("NV_ReadPublic failed") }
        let parameters = be16(8) + be16(0)
        let read = { (session: AuthArea) in
            responseCode(
                self.engine, command(.nvRead, handles: [index, index], sessions: [session], parameters: parameters))
        }
        let bound = try ClientSession(engine, type: 0, bind: index, bindAuth: pin)
        bound.rollNonce()
        var spoilt = try bound.area(.nvRead, names: [name, name], parameters: parameters, attributes: 0x01)
        spoilt.hmac[0] ^= 1
        #expect(read(spoilt) == 0x9A2, "TPM_RC_BAD_AUTH: the index has noDA")
        #expect(try pinCount(index) == 0, "the bound session did not use the authValue")
        #expect(read(.password(Array("4321".utf8))) == 0x9A2)
        #expect(try pinCount(index) == 1)
        bound.rollNonce()
        #expect(read(try bound.area(.nvRead, names: [name, name], parameters: parameters, attributes: 0x01)) == 0)
        #expect(try pinCount(index) == 1, "nor did its success")
        #expect(read(.password(pin)) == 0)
        #expect(try pinCount(index) == 0, "a password success clears the failures")
    }

    @Test(
        "The authorization area is read with RetrieveSessionData's checks: a trial session cannot audit, encryption needs a cipher"
    )
    func retrieveSessionDataChecks() throws {
        let trial = try engine.require(Commands.startAuthSession(type: 3, symmetric: .null), "StartAuthSession").handle
        guard let trial else { throw TestSetupError("no trial session handle") }
        let audit = AuthArea(handle: trial, nonce: [UInt8](repeating: 1, count: 16), attributes: 0x81)
        #expect(
            responseCode(engine, command(.getRandom, sessions: [audit], parameters: be16(8))) == 0x982,
            "TPM_RC_ATTRIBUTES on session 1")

        // The area is read whole before anything is authorized: session 2's audit attribute is
        // judged before session 1's wrong password.
        let badPassword = AuthArea.password(Array("wrong".utf8))
        let auditByTrial = command(
            .nvWrite, handles: [TPMRH.owner, NVTemplates.handle], sessions: [badPassword, audit],
            parameters: be16(1) + [0] + be16(0))
        try engine.define(NVTemplates.index())
        #expect(responseCode(engine, auditByTrial) == 0xA82, "TPM_RC_ATTRIBUTES on session 2")

        let plain = try ClientSession(engine, type: 0, symmetric: .null)
        let encrypt = AuthArea(handle: plain.handle, nonce: plain.rollNonce(), attributes: 0x41)
        #expect(
            responseCode(engine, command(.getRandom, sessions: [encrypt], parameters: be16(8))) == 0x996,
            "TPM_RC_SYMMETRIC on session 1")
    }

    /// The attributes the TPM answered for the first session of a successful response.
    private func responseAttributes(_ response: Response) throws -> UInt8 {
        var reader = TPMReader(response.body)
        _ = try reader.readBytes(Int(try reader.read(UInt32.self)))
        _ = try reader.readSized(max: 64)
        return try reader.read(UInt8.self)
    }

    @Test(
        "The audit session reports auditExclusive; a command without it ends exclusivity, a command that takes no sessions does not"
    )
    func auditExclusivity() throws {
        let audit = try ClientSession(engine, type: 0)
        let key = try engine.primary(in: TPMRH.owner)
        // An audit-only session whose key is empty may send no HMAC.
        func getRandom(_ attributes: UInt8) -> Response {
            let area = AuthArea(handle: audit.handle, nonce: audit.rollNonce(), attributes: attributes)
            return Response(engine.execute(command(.getRandom, sessions: [area], parameters: be16(8)), locality: 0))
        }
        #expect(try responseAttributes(getRandom(0x81)) == 0x83, "the first audit use makes the session exclusive")
        #expect(try responseAttributes(getRandom(0x83)) == 0x83)
        #expect(responseCode(engine, Commands.getRandom(8)) == 0)  // runs without the audit session
        #expect(try responseAttributes(getRandom(0x81)) == 0x81, "no longer exclusive")
        #expect(getRandom(0x83).code == 0x121, "TPM_RC_EXCLUSIVE")
        #expect(try responseAttributes(getRandom(0x85)) == 0x87, "auditReset starts a new exclusive digest")
        #expect(responseCode(engine, command(.contextSave, handles: [key])) == 0)
        #expect(
            try responseAttributes(getRandom(0x83)) == 0x83,
            "ContextSave takes no sessions and leaves exclusivity alone")
    }

    @Test("The first session's HMAC covers another session's encrypt nonce only when it authorizes a handle")
    func extraNoncesOnlyForAuthorizations() throws {
        let audit = try ClientSession(engine, type: 0)
        let encrypt = try ClientSession(engine, type: 0)
        audit.rollNonce()
        encrypt.rollNonce()
        // GetRandom has no handle to authorize: session 1 audits with an HMAC over its own nonces.
        let auditArea = try audit.area(.getRandom, names: [], parameters: be16(8), attributes: 0x81)
        let encryptArea = AuthArea(handle: encrypt.handle, nonce: encrypt.nonceCaller, attributes: 0x41)
        let response = Response(
            engine.execute(command(.getRandom, sessions: [auditArea, encryptArea], parameters: be16(8)), locality: 0))
        #expect(response.code == 0, "0x\(String(response.code, radix: 16))")
    }
}
