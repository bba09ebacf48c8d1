import Foundation
import TPM2
import TPMClient
import TPMTypes
import Testing
import Transports

/// TPMClient's sessions (salted, bound, policy; HMACs, CFB and XOR parameter encryption,
/// response checks) against three TPMs: the emulator in this process, `trustbench serve tpm`
/// over the swtpm socket through libtss2's TCTI, and swtpm itself, whose libtpms computes the
/// TPM's half with code written apart from ours.
@Suite(.serialized)
struct ClientSessionTests {
    enum Target: String, CustomStringConvertible, CaseIterable {
        case inProcess = "in-process emulator"
        case trustbench = "trustbench serve tpm"
        case swtpm = "swtpm"
        var description: String { rawValue }

        /// The targets this machine can run (swtpm comes from Tools/install-deps).
        static var available: [Target] { Peers.isInstalled("swtpm") ? allCases : [.inProcess, .trustbench] }
    }

    /// A client of `target` for the length of `body`; the server process, if any, stops after.
    private func withClient(
        _ target: Target, transform: @escaping ([UInt8]) -> [UInt8] = { $0 }, _ body: (TPMClient) throws -> Void
    ) throws {
        switch target {
        case .inProcess:
            let tpm = try InProcessTPM()
            try body(TPMClient { transform(tpm.engine.execute($0, locality: 0)) })
        case .trustbench, .swtpm:
            let server = try TPMServerProcess(target == .swtpm ? .swtpm : .trustbenchSwtpm)
            defer { server.stop() }
            let tcti = try TCTIClient(server.tcti)
            try body(TPMClient { transform((try? tcti.execute($0)) ?? []) })
        }
    }

    private static let index: TPMHandle = 0x0150_0020
    private static let pin = Array("index-pin".utf8)
    private static let badAuthInSession1 = TPMResponseCode(rawValue: 0x9A2)
    private static let data = (0..<32).map { UInt8($0 * 7 & 0xFF) }

    /// An RSA-2048 or NIST P-256 storage key under the owner, for salting.
    private func primary(_ client: TPMClient, ecc: Bool = false) throws -> TPMHandle {
        let template =
            ecc
            ? InProcessTPM.eccTemplate([.restricted, .decrypt], scheme: .null)
                .with(symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb))
            : InProcessTPM.storageTemplate
        return try client.call(
            CreatePrimary.self, handles: [TPMRH.owner], .init(inPublic: template), passwords: [[]]
        ).objectHandle
    }

    private func defineIndex(_ client: TPMClient, attributes: TPMNVAttributes, policy: [UInt8] = []) throws {
        let publicInfo = TPMNVPublic(
            index: Self.index, nameAlg: .sha256, attributes: attributes.union(.noDA), authPolicy: policy,
            dataSize: UInt16(Self.data.count))
        try client.call(
            NV_DefineSpace.self, handles: [TPMRH.owner], .init(auth: Self.pin, publicInfo: publicInfo), passwords: [[]])
    }

    @Test(
        "A salted session bound to an index writes it encrypted and reads it back encrypted",
        arguments: Target.available)
    func saltedBoundSession(target: Target) throws {
        try withClient(target) { client in
            let salt = try primary(client)
            try defineIndex(client, attributes: [.authRead, .authWrite])
            let session = try client.startSession(bind: Self.index, bindAuth: Self.pin, saltKey: salt)
            // A wrong authValue for the bind entity is no binding: the HMAC takes it, and fails
            // (TPM_RC_BAD_AUTH + TPM_RC_S + TPM_RC_1: the index is noDA, so nothing counts).
            #expect(throws: TPMCommandFailure.responseCode(.nvWrite, Self.badAuthInSession1)) {
                try client.call(
                    NV_Write.self, handles: [Self.index, Self.index], .init(data: Self.data),
                    authorizations: [.authSession(session, authValue: Array("wrong".utf8))])
            }
            // A refused command leaves the session as it was: still bound, its HMAC keyed by
            // the session key alone, it encrypts the data.
            try client.call(
                NV_Write.self, handles: [Self.index, Self.index], .init(data: Self.data),
                authorizations: [.authSession(session, authValue: Self.pin, attributes: [.continueSession, .decrypt])])
            // Written, the index has a new Name: the session is no longer bound to it and its
            // HMACs take the authValue, as the TPM's do.
            let read = try client.call(
                NV_Read.self, handles: [Self.index, Self.index], .init(size: UInt16(Self.data.count)),
                authorizations: [.authSession(session, authValue: Self.pin, attributes: [.continueSession, .encrypt])])
            #expect(read.data == Self.data)
            let last = try client.call(
                NV_Read.self, handles: [Self.index, Self.index], .init(size: 4),
                authorizations: [.authSession(session, authValue: Self.pin, attributes: [])])
            #expect(last.data == Array(Self.data.prefix(4)))
            #expect(!session.isLoaded)
        }
    }

    @Test(
        "An ECC-salted XOR session encrypts for an HMAC session that authorizes, and a changed owner auth keys the response",
        arguments: Target.available)
    func eccSaltXorAndChangeAuth(target: Target) throws {
        try withClient(target) { client in
            let salt = try primary(client, ecc: true)
            let xor = try client.startSession(
                symmetric: TPMSymmetricDefinition(.xor, keyBits: UInt16(TPMAlgorithm.sha1.rawValue)), saltKey: salt)
            let owner = try client.startSession(symmetric: .null)
            let newAuth = Array("owner-two".utf8)
            // Session 1 authorizes the owner; session 2 only encrypts newAuth, so session 1's
            // HMAC covers session 2's nonceTPM. XOR names SHA-1 but masks with the session's
            // SHA-256, as the reference does: the TPM decrypts newAuth right or the next step fails.
            try client.call(
                HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: newAuth),
                authorizations: [
                    .authSession(owner), .authSession(xor, attributes: [.continueSession, .decrypt]),
                ])
            // The owner hierarchy is exempt from dictionary-attack protection: TPM_RC_BAD_AUTH.
            #expect(throws: TPMCommandFailure.responseCode(.hierarchyChangeAuth, Self.badAuthInSession1)) {
                try client.call(
                    HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: []),
                    authorizations: [.authSession(owner)])
            }
            try client.call(
                HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: []),
                authorizations: [.authSession(owner, authValue: newAuth)])
            try client.call(HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: []), passwords: [[]])
        }
    }

    @Test("Policy sessions authorize with PolicyAuthValue and PolicyPassword and encrypt", arguments: Target.available)
    func policySessions(target: Target) throws {
        try withClient(target) { client in
            let trial = try client.startSession(.trial, symmetric: .null)
            try client.policyAuthValue(trial)
            let digest = try client.call(PolicyGetDigest.self, handles: [trial.handle]).policyDigest
            try client.call(FlushContext.self, .init(trial.handle))
            try defineIndex(client, attributes: [.policyRead, .policyWrite], policy: digest)

            let policy = try client.startSession(.policy)
            try client.policyAuthValue(policy)
            try client.call(
                NV_Write.self, handles: [Self.index, Self.index], .init(data: Self.data),
                authorizations: [.authSession(policy, authValue: Self.pin, attributes: [.continueSession, .decrypt])])
            // PolicyPassword gives the same policy digest; the authValue travels in clear.
            try client.policyPassword(policy)
            let read = try client.call(
                NV_Read.self, handles: [Self.index, Self.index], .init(size: UInt16(Self.data.count)),
                authorizations: [.authSession(policy, authValue: Self.pin, attributes: [.continueSession, .encrypt])])
            #expect(read.data == Self.data)
        }
    }

    @Test(
        "A session bound to the owner keys HierarchyChangeAuth's response without the authValue, and Clear's by lockoutAuth as Clear left it",
        arguments: Target.available)
    func boundChangeAuthAndClear(target: Target) throws {
        try withClient(target) { client in
            let first = Array("owner-one".utf8)
            let second = Array("owner-two".utf8)
            let lockout = Array("lockout".utf8)
            try client.call(HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: first), passwords: [[]])
            try client.call(
                HierarchyChangeAuth.self, handles: [TPMRH.lockout], .init(newAuth: lockout), passwords: [[]])
            let session = try client.startSession(symmetric: .null, bind: TPMRH.owner, bindAuth: first)
            // Bound with the authValue it uses: neither HMAC takes an authValue, the old or the new.
            try client.call(
                HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: second),
                authorizations: [.authSession(session, authValue: first)])
            // The owner's authValue is no longer the binding's: now the HMACs take it.
            try client.call(
                HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: first),
                authorizations: [.authSession(session, authValue: second)])
            // Clear empties lockoutAuth: the response HMAC is keyed without it.
            try client.call(
                Clear.self, handles: [TPMRH.lockout], authorizations: [.authSession(session, authValue: lockout)])
            try client.call(HierarchyChangeAuth.self, handles: [TPMRH.owner], .init(newAuth: []), passwords: [[]])
            try client.call(HierarchyChangeAuth.self, handles: [TPMRH.lockout], .init(newAuth: []), passwords: [[]])
        }
    }

    @Test(
        "A response whose HMAC was changed on the way is not authentic, and both sessions go on",
        arguments: Target.available)
    func tamperedResponse(target: Target) throws {
        let tamper = Tamper()
        try withClient(target, transform: tamper.apply) { client in
            let audit = try client.startSession(symmetric: .null)
            let encrypt = try client.startSession()
            let sessions: [TPMClient.Authorization] = [
                .authSession(audit, attributes: [.continueSession, .audit]),
                .authSession(encrypt, attributes: [.continueSession, .encrypt]),
            ]
            tamper.armed = true
            #expect(throws: TPMCommandFailure.notAuthentic(.getRandom, session: 2)) {
                try client.call(GetRandom.self, .init(bytesRequested: 8), authorizations: sessions)
            }
            // Both sessions took the TPM's new nonces, the forged answer's too.
            let random = try client.call(GetRandom.self, .init(bytesRequested: 8), authorizations: sessions)
            #expect(random.randomBytes.count == 8)
        }
    }

    /// Flips the last octet (the last session's HMAC) of the next successful response.
    final class Tamper: @unchecked Sendable {
        // Safe: one test uses it, from one thread.
        var armed = false
        func apply(_ response: [UInt8]) -> [UInt8] {
            guard armed, response.count > 10, response[6..<10].allSatisfy({ $0 == 0 }) else { return response }
            armed = false
            var changed = response
            changed[changed.count - 1] ^= 0x01
            return changed
        }
    }
}

extension TPMPublic {
    /// The same template with `symmetric` as its storage key's symmetric definition.
    fileprivate func with(symmetric: TPMSymmetricDefinition) -> TPMPublic {
        var copy = self
        if case .ecc(_, let scheme, let curve, let kdf) = parameters {
            copy.parameters = .ecc(symmetric: symmetric, scheme: scheme, curve: curve, kdf: kdf)
        }
        return copy
    }
}
