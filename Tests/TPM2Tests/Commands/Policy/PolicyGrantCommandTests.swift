import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The second slice of policy commands (PolicySecret, PolicyTicket, PolicyAuthorize, PolicyNV,
/// PolicyCounterTimer, PolicyTemplate, PolicyDuplicationSelect, PolicyAuthorizeNV): response
/// codes tpm2-tools cannot provoke, digests, and what authorization enforces.
@Suite struct PolicyGrantCommandTests {
    let engine: TPMEngine

    init() throws { engine = try makeEngine() }

    private func start(_ type: UInt8) throws -> (handle: TPMHandle, nonceTPM: [UInt8]) {
        let response = Response(engine.execute(Commands.startAuthSession(type: type, symmetric: .null), locality: 0))
        guard let handle = response.handle else { throw TestSetupError("StartAuthSession failed: \(response.code)") }
        // handle, then TPM2B nonceTPM.
        return (handle, Array(response.body.dropFirst(6)))
    }

    private func send(
        _ code: TPMCommandCode, _ handles: [TPMHandle], _ parameters: [UInt8] = [], password: Bool = false
    ) -> Response {
        Response(
            engine.execute(
                command(code, handles: handles, sessions: password ? [.password()] : nil, parameters: parameters),
                locality: 0))
    }

    private func digest(_ session: TPMHandle) -> [UInt8] {
        Array(Response(engine.execute(command(.policyGetDigest, handles: [session]), locality: 0)).body.dropFirst(2))
    }

    private func extend(_ old: [UInt8], _ code: TPMCommandCode, _ fields: [UInt8] = []) throws -> [UInt8] {
        try Hash.digest(.sha256, old + be32(code.rawValue) + fields)
    }

    private let zero = [UInt8](repeating: 0, count: 32)

    private func be64(_ value: UInt64) -> [UInt8] {
        be32(UInt32(value >> 32)) + be32(UInt32(truncatingIfNeeded: value))
    }

    private func sized(_ bytes: [UInt8]) -> [UInt8] { be16(UInt16(bytes.count)) + bytes }

    /// PolicySecret by the owner (empty password): nonceTPM, cpHashA, policyRef, expiration.
    private func secret(
        _ session: TPMHandle, nonce: [UInt8] = [], cpHash: [UInt8] = [], ref: [UInt8] = [], expiration: Int32 = 0
    ) -> Response {
        send(
            .policySecret, [TPMRH.owner, session],
            sized(nonce) + sized(cpHash) + sized(ref) + be32(UInt32(bitPattern: expiration)),
            password: true)
    }

    @Test(
        "PolicySecret: nonce (TPM_RC_NONCE), cpHashA size (TPM_RC_SIZE), a second cpHash (TPM_RC_CPHASH), handle 2 must be a policy session"
    )
    func secretChecks() throws {
        let policy = try start(1)
        #expect(secret(policy.handle, nonce: [UInt8](repeating: 9, count: policy.nonceTPM.count)).code == 0x1CF)
        #expect(secret(policy.handle, cpHash: [1, 2, 3]).code == 0x2D5)
        #expect(secret(policy.handle, nonce: policy.nonceTPM, cpHash: [UInt8](repeating: 1, count: 32)).code == 0)
        #expect(secret(policy.handle, cpHash: [UInt8](repeating: 2, count: 32)).code == 0x151)
        let hmac = try start(0)
        #expect(secret(hmac.handle).code == 0x284)
        // Digest: H(H(zero || CC || Name(owner)) || policyRef).
        let trial = try start(3)
        #expect(secret(trial.handle, nonce: [1], ref: [0xAB]).code == 0)
        #expect(
            try digest(trial.handle) == Hash.digest(.sha256, extend(zero, .policySecret, be32(TPMRH.owner)) + [0xAB]))
    }

    @Test(
        "PolicySecret returns a ticket only for a negative expiration in a policy session; PolicyTicket accepts it and refuses forgeries"
    )
    func secretTicket() throws {
        let trial = try start(3)
        // Trial: empty timeout, NULL TPM_ST_AUTH_SECRET ticket.
        let trialBody = secret(trial.handle, expiration: -60).body
        #expect(
            Array(trialBody.dropFirst(4).prefix(10)) == [0, 0] + be16(TPMStructureTag.authSecret) + be32(TPMRH.null) + [
                0, 0,
            ])

        let policy = try start(1)
        let response = secret(policy.handle, ref: [7], expiration: -60)
        #expect(response.code == 0)
        var reader = TPMReader(Array(response.body.dropFirst(4)))
        let timeout = try reader.readSized(max: 64)
        let ticket = try TPMTicket(from: &reader)
        #expect(timeout.count == 8 && timeout[0] & 0x80 != 0)  // no nonce: expires on reset
        #expect(
            ticket.tag == TPMStructureTag.authSecret && ticket.hierarchy == TPMRH.owner && ticket.digest.count == 32)
        #expect(responseCode(engine, Commands.flushContext(trial.handle)) == 0)

        func replay(_ session: TPMHandle, timeout: [UInt8], ref: [UInt8] = [7], ticket: TPMTicket) -> UInt32 {
            var w = TPMWriter()
            w.writeSized(timeout)
            w.writeSized([])
            w.writeSized(ref)
            w.writeSized(be32(TPMRH.owner))
            w.write(ticket)
            return send(.policyTicket, [session], w.bytes).code
        }
        let second = try start(1)
        #expect(replay(second.handle, timeout: timeout, ticket: ticket) == 0)
        #expect(digest(second.handle) == digest(policy.handle))
        #expect(responseCode(engine, Commands.flushContext(second.handle)) == 0)
        #expect(responseCode(engine, Commands.flushContext(policy.handle)) == 0)
        let third = try start(1)
        #expect(replay(third.handle, timeout: timeout, ref: [8], ticket: ticket) == 0x5E0)
        #expect(replay(third.handle, timeout: Array(timeout.prefix(4)), ticket: ticket) == 0x1D5)
        var wrongTag = ticket
        wrongTag.tag = TPMStructureTag.verified
        #expect(replay(third.handle, timeout: timeout, ticket: wrongTag) == 0x5D7)
        #expect(replay(try start(3).handle, timeout: timeout, ticket: ticket) == 0x182)
    }

    @Test(
        "PolicyAuthorize: keySign hash (TPM_RC_HASH) and size (TPM_RC_SIZE), approvedPolicy (TPM_RC_VALUE), a NULL ticket (TPM_RC_VALUE)"
    )
    func authorizeChecks() throws {
        let keyName = [0x00, 0x0B] + [UInt8](repeating: 0x44, count: 32)
        func authorize(
            _ session: TPMHandle, approved: [UInt8], keySign: [UInt8],
            ticket: TPMTicket = .null(TPMStructureTag.verified)
        ) -> UInt32 {
            var w = TPMWriter()
            w.writeSized(approved)
            w.writeSized([0x52])
            w.writeSized(keySign)
            w.write(ticket)
            return send(.policyAuthorize, [session], w.bytes).code
        }
        let policy = try start(1)
        #expect(authorize(policy.handle, approved: zero, keySign: [0x00, 0x10] + zero) == 0x3C3)
        #expect(authorize(policy.handle, approved: zero, keySign: [0x00, 0x0B] + [1, 2]) == 0x3D5)
        #expect(authorize(policy.handle, approved: [UInt8](repeating: 1, count: 32), keySign: keyName) == 0x1C4)
        #expect(authorize(policy.handle, approved: zero, keySign: keyName) == 0x4C4)
        let forged = TPMTicket(tag: TPMStructureTag.verified, hierarchy: TPMRH.owner, digest: zero)
        #expect(authorize(policy.handle, approved: zero, keySign: keyName, ticket: forged) == 0x4C4)
        let trial = try start(3)
        #expect(send(.policyAuthValue, [trial.handle]).code == 0)
        #expect(authorize(trial.handle, approved: zero, keySign: [0x00, 0x0B] + [1, 2]) == 0x3D5)
        #expect(authorize(trial.handle, approved: zero, keySign: [0x0B]) == 0x3D5)
        #expect(authorize(trial.handle, approved: zero, keySign: keyName) == 0)
        #expect(try digest(trial.handle) == Hash.digest(.sha256, extend(zero, .policyAuthorize, keyName) + [0x52]))
    }

    @Test(
        "PolicyNV: offset (TPM_RC_VALUE), operand past the data (TPM_RC_SIZE), unknown TPM_EO, unwritten index, comparisons"
    )
    func nvChecks() throws {
        let index: TPMHandle = 0x0150_0050
        let info = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite, .authRead, .authWrite],
            authPolicy: [],
            dataSize: 4)
        #expect(responseCode(engine, Commands.nvDefineSpace(info)) == 0)
        func nv(_ session: TPMHandle, _ operand: [UInt8], offset: UInt16 = 0, operation: UInt16) -> UInt32 {
            send(
                .policyNV, [TPMRH.owner, index, session], sized(operand) + be16(offset) + be16(operation),
                password: true
            ).code
        }
        let policy = try start(1)
        #expect(nv(policy.handle, [1], operation: 0) == 0x14A)
        #expect(responseCode(engine, Commands.nvWrite(index, [0x80, 0, 0, 5])) == 0)
        #expect(nv(policy.handle, [1], offset: 5, operation: 0) == 0x2C4)
        #expect(nv(policy.handle, [1, 2], offset: 3, operation: 0) == 0x1D5)
        #expect(nv(policy.handle, [1], operation: 0x0C) == 0x3C4)
        #expect(nv(policy.handle, [0x7F], operation: 0x0004) == 0)  // signed: 0x80 < 0x7F
        #expect(nv(policy.handle, [0x7F], operation: 0x0005) == 0x126)  // unsigned: 0x80 > 0x7F
        #expect(nv(policy.handle, [0, 5], offset: 2, operation: 0x000A) == 0)
        #expect(nv(policy.handle, [0, 2], offset: 2, operation: 0x000B) == 0)
        #expect(nv(policy.handle, [0, 4], offset: 2, operation: 0x000B) == 0x126)
        let trial = try start(3)
        #expect(nv(trial.handle, [9, 9], offset: 1, operation: 0x0001) == 0)
        let name = Array(Response(engine.execute(Commands.nvReadPublic(index), locality: 0)).body.suffix(34))
        let args = try Hash.digest(.sha256, [9, 9] + be16(1) + be16(1))
        #expect(try digest(trial.handle) == extend(zero, .policyNV, args + name))
    }

    @Test(
        "PolicyCounterTimer: offset past TPMS_TIME_INFO (TPM_RC_VALUE), operand past it (TPM_RC_RANGE, even in a trial), comparisons"
    )
    func counterTimer() throws {
        func timer(_ session: TPMHandle, _ operand: [UInt8], offset: UInt16, operation: UInt16) -> UInt32 {
            send(.policyCounterTimer, [session], sized(operand) + be16(offset) + be16(operation)).code
        }
        let trial = try start(3)
        #expect(timer(trial.handle, [1], offset: 26, operation: 0) == 0x2C4)
        #expect(timer(trial.handle, [1, 2], offset: 24, operation: 0) == 0x08D)
        #expect(timer(trial.handle, be64(60_000), offset: 0, operation: 0x0005) == 0)
        #expect(
            try digest(trial.handle)
                == extend(zero, .policyCounterTimer, Hash.digest(.sha256, be64(60_000) + be16(0) + be16(5))))
        let policy = try start(1)
        #expect(timer(policy.handle, be64(UInt64.max / 2), offset: 0, operation: 0x0005) == 0)  // Time < huge
        #expect(timer(policy.handle, be64(UInt64.max / 2), offset: 0, operation: 0x0003) == 0x126)
        #expect(timer(policy.handle, [1], offset: 24, operation: 0) == 0)  // safe
    }

    @Test(
        "PolicyTemplate: size, a different templateHash (TPM_RC_VALUE), after a cpHash (TPM_RC_CPHASH); CreatePrimary only with that template"
    )
    func template() throws {
        var w = TPMWriter()
        Templates.eccSigning.marshal(into: &w)
        let templateHash = try Hash.digest(.sha256, w.bytes)
        let trial = try start(3)
        #expect(send(.policyTemplate, [trial.handle], sized([1])).code == 0x1D5)
        #expect(send(.policyTemplate, [trial.handle], sized(templateHash)).code == 0)
        #expect(send(.policyTemplate, [trial.handle], sized(zero)).code == 0x1C4)
        #expect(send(.policyCpHash, [trial.handle], sized(zero)).code == 0x151)
        let policyDigest = try extend(zero, .policyTemplate, templateHash)
        #expect(digest(trial.handle) == policyDigest)
        let other = try start(3)
        #expect(send(.policyCpHash, [other.handle], sized(zero)).code == 0)
        #expect(send(.policyTemplate, [other.handle], sized(templateHash)).code == 0x151)

        #expect(responseCode(engine, Commands.setPrimaryPolicy(TPMRH.owner, policy: policyDigest)) == 0)
        let area = { (session: TPMHandle) in
            AuthArea(handle: session, nonce: [UInt8](repeating: 3, count: 16), attributes: 0)
        }
        let good = try start(1)
        #expect(send(.policyTemplate, [good.handle], sized(templateHash)).code == 0)
        #expect(responseCode(engine, Commands.createPrimary(Templates.eccSigning, session: area(good.handle))) == 0)
        let bad = try start(1)
        #expect(send(.policyTemplate, [bad.handle], sized(templateHash)).code == 0)
        #expect(responseCode(engine, Commands.createPrimary(Templates.rsaStorage, session: area(bad.handle))) == 0x99D)
    }

    @Test(
        "PolicyDuplicationSelect: includeObject (TPM_RC_VALUE), after a command code (TPM_RC_COMMAND_CODE) or cpHash (TPM_RC_CPHASH); digest"
    )
    func duplicationSelect() throws {
        let object = [0x00, 0x0B] + [UInt8](repeating: 1, count: 32)
        let parent = [0x00, 0x0B] + [UInt8](repeating: 2, count: 32)
        let trial = try start(3)
        #expect(send(.policyDuplicationSelect, [trial.handle], sized(object) + sized(parent) + [2]).code == 0x3C4)
        #expect(send(.policyDuplicationSelect, [trial.handle], sized(object) + sized(parent) + [1]).code == 0)
        #expect(try digest(trial.handle) == extend(zero, .policyDuplicationSelect, object + parent + [1]))
        #expect(send(.policyDuplicationSelect, [trial.handle], sized(object) + sized(parent) + [0]).code == 0x151)
        let coded = try start(3)
        #expect(send(.policyCommandCode, [coded.handle], be32(TPMCommandCode.unseal.rawValue)).code == 0)
        #expect(send(.policyDuplicationSelect, [coded.handle], sized(object) + sized(parent) + [0]).code == 0x143)
        let excluded = try start(3)
        #expect(send(.policyDuplicationSelect, [excluded.handle], sized(object) + sized(parent) + [0]).code == 0)
        #expect(try digest(excluded.handle) == extend(zero, .policyDuplicationSelect, parent + [0]))
    }

    @Test(
        "PolicyAuthorizeNV: the index's TPMT_HA must name the session's hash (TPM_RC_HASH) and hold its digest (TPM_RC_VALUE)"
    )
    func authorizeNV() throws {
        let index: TPMHandle = 0x0150_0051
        let info = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: [.ownerRead, .ownerWrite, .authRead, .authWrite],
            authPolicy: [],
            dataSize: 34)
        #expect(responseCode(engine, Commands.nvDefineSpace(info)) == 0)
        let authValue = try extend(zero, .policyAuthValue)
        func authorizeNV(_ session: TPMHandle) -> UInt32 {
            send(.policyAuthorizeNV, [TPMRH.owner, index, session], password: true).code
        }
        let policy = try start(1)
        #expect(authorizeNV(policy.handle) == 0x14A)
        #expect(responseCode(engine, Commands.nvWrite(index, be16(TPMAlgorithm.sha384.rawValue) + authValue)) == 0)
        #expect(send(.policyAuthValue, [policy.handle]).code == 0)
        #expect(authorizeNV(policy.handle) == 0x083)
        #expect(responseCode(engine, Commands.nvWrite(index, be16(TPMAlgorithm.sha256.rawValue) + zero)) == 0)
        #expect(authorizeNV(policy.handle) == 0x084)
        #expect(responseCode(engine, Commands.nvWrite(index, be16(TPMAlgorithm.sha256.rawValue) + authValue)) == 0)
        #expect(authorizeNV(policy.handle) == 0)
        let name = Array(Response(engine.execute(Commands.nvReadPublic(index), locality: 0)).body.suffix(34))
        #expect(try digest(policy.handle) == extend(zero, .policyAuthorizeNV, name))
    }
}
