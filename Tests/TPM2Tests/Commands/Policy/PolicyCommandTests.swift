import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The policy commands' response codes that tpm2-tools cannot provoke, their digests in
/// trial and policy sessions, and what authorization enforces from them.
@Suite struct PolicyCommandTests {
    let engine: TPMEngine

    init() throws { engine = try makeEngine() }

    /// A session of `type` (0 HMAC, 1 policy, 3 trial) with SHA-256 and no parameter encryption.
    private func start(_ type: UInt8) throws -> TPMHandle {
        let response = Response(engine.execute(Commands.startAuthSession(type: type, symmetric: .null), locality: 0))
        guard let handle = response.handle else { throw TestSetupError("StartAuthSession failed: \(response.code)") }
        return handle
    }

    private func send(_ code: TPMCommandCode, _ session: TPMHandle, _ parameters: [UInt8] = []) -> UInt32 {
        responseCode(engine, command(code, handles: [session], parameters: parameters))
    }

    private func digest(_ session: TPMHandle) -> [UInt8] {
        Array(Response(engine.execute(command(.policyGetDigest, handles: [session]), locality: 0)).body.dropFirst(2))
    }

    /// H(old || code || fields) with SHA-256.
    private func extend(_ old: [UInt8], _ code: TPMCommandCode, _ fields: [UInt8] = []) throws -> [UInt8] {
        try Hash.digest(.sha256, old + be32(code.rawValue) + fields)
    }

    private let zero = [UInt8](repeating: 0, count: 32)

    private func digestList(_ digests: [[UInt8]]) -> [UInt8] {
        be32(UInt32(digests.count)) + digests.flatMap { be16(UInt16($0.count)) + $0 }
    }

    @Test("Handle 1 must be a loaded policy session: an HMAC session is TPM_RC_VALUE, a free one REFERENCE_H0")
    func sessionHandle() throws {
        let hmac = try start(0)
        #expect(send(.policyAuthValue, hmac) == 0x184)
        #expect(send(.policyAuthValue, TPMRH.policySessionFirst | 0x20) == 0x910)
        #expect(send(.policyAuthValue, TPMRH.owner) == 0x184)
    }

    @Test("Digests: AuthValue and Password share a code, PhysicalPresence, Restart, GetDigest")
    func simpleDigests() throws {
        let trial = try start(3)
        #expect(digest(trial) == zero)
        #expect(send(.policyPassword, trial) == 0)
        #expect(try digest(trial) == extend(zero, .policyAuthValue))
        #expect(send(.policyPhysicalPresence, trial) == 0)
        #expect(try digest(trial) == extend(extend(zero, .policyAuthValue), .policyPhysicalPresence))
        #expect(send(.policyRestart, trial) == 0)
        #expect(digest(trial) == zero)
        #expect(send(.policyAuthValue, trial) == 0)
        #expect(try digest(trial) == extend(zero, .policyAuthValue))
    }

    @Test("PolicyOR: 2–8 digests (TPM_RC_SIZE), the current digest must be listed in a policy session (TPM_RC_VALUE)")
    func policyOR() throws {
        let a = [UInt8](repeating: 0xA1, count: 32)
        let b = [UInt8](repeating: 0xB2, count: 32)
        let policy = try start(1)
        #expect(send(.policyOR, policy, digestList([a])) == 0x1D5)
        #expect(send(.policyOR, policy, digestList(Array(repeating: a, count: 9))) == 0x1D5)
        #expect(send(.policyOR, policy, digestList([a, [UInt8](repeating: 1, count: 65)])) == 0x1D5)
        #expect(send(.policyOR, policy, digestList([a, b])) == 0x1C4)
        #expect(send(.policyOR, policy, digestList([a, zero])) == 0)
        #expect(try digest(policy) == extend(zero, .policyOR, a + zero))
        let trial = try start(3)
        #expect(send(.policyAuthValue, trial) == 0)
        #expect(send(.policyOR, trial, digestList([a, b])) == 0)
        #expect(try digest(trial) == extend(zero, .policyOR, a + b))
    }

    @Test("PolicyCommandCode: a second, different code is TPM_RC_VALUE; an unimplemented one TPM_RC_POLICY_CC")
    func commandCode() throws {
        let trial = try start(3)
        #expect(send(.policyCommandCode, trial, be32(0x1FF)) == 0x1E4)
        #expect(send(.policyCommandCode, trial, be32(TPMCommandCode.unseal.rawValue)) == 0)
        #expect(send(.policyCommandCode, trial, be32(TPMCommandCode.unseal.rawValue)) == 0)
        #expect(send(.policyCommandCode, trial, be32(TPMCommandCode.nvRead.rawValue)) == 0x1C4)
        let once = try extend(zero, .policyCommandCode, be32(TPMCommandCode.unseal.rawValue))
        #expect(try digest(trial) == extend(once, .policyCommandCode, be32(TPMCommandCode.unseal.rawValue)))
    }

    @Test("PolicyCpHash and PolicyNameHash: digest size (TPM_RC_SIZE), one shared slot (TPM_RC_CPHASH)")
    func cpHashAndNameHash() throws {
        let h1 = [UInt8](repeating: 1, count: 32)
        let h2 = [UInt8](repeating: 2, count: 32)
        let trial = try start(3)
        #expect(send(.policyCpHash, trial, be16(20) + [UInt8](repeating: 1, count: 20)) == 0x1D5)
        #expect(send(.policyCpHash, trial, be16(32) + h1) == 0)
        #expect(try digest(trial) == extend(zero, .policyCpHash, h1))
        #expect(send(.policyCpHash, trial, be16(32) + h1) == 0)
        #expect(send(.policyCpHash, trial, be16(32) + h2) == 0x151)
        #expect(send(.policyNameHash, trial, be16(32) + h2) == 0x151)

        let other = try start(3)
        #expect(send(.policyNameHash, other, be16(31) + [UInt8](repeating: 2, count: 31)) == 0x1D5)
        #expect(send(.policyNameHash, other, be16(32) + h2) == 0)
        #expect(try digest(other) == extend(zero, .policyNameHash, h2))
        #expect(send(.policyNameHash, other, be16(32) + h2) == 0x151)
        #expect(send(.policyCpHash, other, be16(32) + h1) == 0x151)
    }

    @Test("PolicyLocality narrows the set; zero, an empty result or mixing extended localities is TPM_RC_RANGE")
    func locality() throws {
        let trial = try start(3)
        #expect(send(.policyLocality, trial, [0]) == 0x1CD)
        #expect(send(.policyLocality, trial, [0x03]) == 0)
        #expect(send(.policyLocality, trial, [0x04]) == 0x1CD)
        #expect(send(.policyLocality, trial, [0x40]) == 0x1CD)
        #expect(send(.policyLocality, trial, [0x06]) == 0)
        #expect(try digest(trial) == extend(extend(zero, .policyLocality, [0x03]), .policyLocality, [0x06]))
        let extended = try start(3)
        #expect(send(.policyLocality, extended, [0x40]) == 0)
        #expect(send(.policyLocality, extended, [0x41]) == 0x1CD)
        #expect(send(.policyLocality, extended, [0x01]) == 0x1CD)
    }

    @Test("PolicyNvWritten: TPMI_YES_NO and no contradiction (TPM_RC_VALUE)")
    func nvWritten() throws {
        let trial = try start(3)
        #expect(send(.policyNvWritten, trial, [2]) == 0x1C4)
        #expect(send(.policyNvWritten, trial, [1]) == 0)
        #expect(send(.policyNvWritten, trial, [0]) == 0x1C4)
        #expect(try digest(trial) == extend(zero, .policyNvWritten, [1]))
    }

    @Test("PolicyPCR: a wrong pcrDigest is TPM_RC_VALUE in a policy session only; a PCR change is TPM_RC_PCR_CHANGED")
    func pcr() throws {
        let selection = TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: [16])])
        let current = try Hash.digest(.sha256, zero)  // PCR 16 is all zeros after Startup(CLEAR)
        let wrong = [UInt8](repeating: 7, count: 32)
        let policy = try start(1)
        #expect(send(.policyPCR, policy, be16(32) + wrong + selection.marshalled) == 0x1C4)
        #expect(send(.policyPCR, policy, be16(32) + current + selection.marshalled) == 0)
        #expect(try digest(policy) == extend(zero, .policyPCR, selection.marshalled + current))
        let trial = try start(3)
        #expect(send(.policyPCR, trial, be16(32) + wrong + selection.marshalled) == 0)
        #expect(try digest(trial) == extend(zero, .policyPCR, selection.marshalled + wrong))

        var w = TPMWriter()
        w.write(UInt32(1))
        w.write(TPMAlgorithm.sha256)
        w.write(bytes: zero)
        #expect(
            responseCode(engine, command(.pcrExtend, handles: [16], sessions: [.password()], parameters: w.bytes)) == 0)
        #expect(send(.policyPCR, policy, be16(0) + selection.marshalled) == 0x128)
    }

    @Test("Authorization enforces PolicyNvWritten and PolicyNameHash (TPM_RC_POLICY_FAIL)")
    func enforcement() throws {
        let index: TPMHandle = 0x0150_0042
        let notWritten = try extend(zero, .policyNvWritten, [0])
        let publicInfo = TPMNVPublic(
            index: index, nameAlg: .sha256, attributes: [.policyWrite, .authRead, .ownerRead],
            authPolicy: notWritten, dataSize: 8)
        #expect(responseCode(engine, Commands.nvDefineSpace(publicInfo)) == 0)
        let policyArea = { (session: TPMHandle) in
            AuthArea(handle: session, nonce: [UInt8](repeating: 3, count: 16), attributes: 0)
        }
        let first = try start(1)
        #expect(send(.policyNvWritten, first, [0]) == 0)
        #expect(responseCode(engine, Commands.nvWrite(index, [1, 2], session: policyArea(first))) == 0)
        let second = try start(1)
        #expect(send(.policyNvWritten, second, [0]) == 0)
        // The index is written now: same digest, but the assertion fails.
        #expect(responseCode(engine, Commands.nvWrite(index, [1, 2], session: policyArea(second))) == 0x99D)
        #expect(responseCode(engine, Commands.flushContext(second)) == 0)

        // nameHash = H(Name(owner) || Name(index)) holds for that index only.
        let target: TPMHandle = 0x0150_0044
        let stranger: TPMHandle = 0x0150_0045
        for handle in [target, stranger] {
            let info = TPMNVPublic(
                index: handle, nameAlg: .sha256, attributes: [.ownerWrite, .ownerRead], authPolicy: [], dataSize: 8)
            #expect(responseCode(engine, Commands.nvDefineSpace(info)) == 0)
        }
        let nvName = Array(Response(engine.execute(Commands.nvReadPublic(target), locality: 0)).body.suffix(34))
        let names = try Hash.digest(.sha256, be32(TPMRH.owner) + nvName)
        #expect(
            try responseCode(
                engine, Commands.setPrimaryPolicy(TPMRH.owner, policy: extend(zero, .policyNameHash, names))) == 0)
        let third = try start(1)
        #expect(send(.policyNameHash, third, be16(32) + names) == 0)
        #expect(responseCode(engine, Commands.nvWrite(target, [1], by: TPMRH.owner, session: policyArea(third))) == 0)
        let fourth = try start(1)
        #expect(send(.policyNameHash, fourth, be16(32) + names) == 0)
        #expect(
            responseCode(engine, Commands.nvWrite(stranger, [1], by: TPMRH.owner, session: policyArea(fourth))) == 0x99D
        )
    }
}
