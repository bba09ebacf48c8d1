import Foundation
import TPM2
import TPMClient
import TPMTypes
import TrustCrypto

/// `key-storage`: keys and secrets kept by the TPM — primary keys, child keys of each type,
/// persistence, sealing under password and PCR policy, NV index types, dictionary-attack
/// lockout, and secrets that never leave in the clear.
enum KeyStorageSuite {
    static let suite = BenchSuite(
        name: "key-storage",
        cases: [
            BenchCase(
                id: "ks.primary-determinism",
                title: "the same template gives the same primary key in each hierarchy, another unique another key",
                clause: "TPM 2.0 Part 1 §26.3, §27.8; Part 3 §24.1", needs: [], body: primaryDeterminism),
            BenchCase(
                id: "ks.primary-after-clear",
                title: "Clear changes the owner's primary keys and keeps the endorsement's",
                clause: "TPM 2.0 Part 3 §24.6", needs: [.clear], body: primaryAfterClear),
            BenchCase(
                id: "ks.child-keys",
                title: "RSA and ECC signing, HMAC, AES and sealed children work as software recomputes them",
                clause: "TPM 2.0 Part 3 §12.1, §12.2, §15.2, §15.5, §20.2", needs: [], body: childKeys),
            BenchCase(
                id: "ks.persistence",
                title: "EvictControl makes a key persistent, across a restart where the target can restart",
                clause: "TPM 2.0 Part 3 §28.5", needs: [], body: persistence),
            BenchCase(
                id: "ks.platform-persistence", title: "the platform persists its own keys; the owner cannot evict them",
                clause: "TPM 2.0 Part 3 §28.5", needs: [.platformAuthorization], body: platformPersistence),
            BenchCase(
                id: "ks.seal-password", title: "sealed data comes back with its password only",
                clause: "TPM 2.0 Part 3 §12.7; Part 1 §19.6.4", needs: [], body: sealPassword),
            BenchCase(
                id: "ks.seal-pcr-policy",
                title: "sealed under a PCR policy: unseals, then not after the PCR is extended",
                clause: "TPM 2.0 Part 3 §23.7, §12.7", needs: [], body: sealPCRPolicy),
            BenchCase(
                id: "ks.seal-policy-authorize",
                title:
                    "sealed under PolicyAuthorize: unseals with a PCR policy the authority signed, again after re-approval",
                clause: "TPM 2.0 Part 3 §23.16, §20.1", needs: [], body: sealPolicyAuthorize),
            BenchCase(
                id: "ks.nv-types",
                title: "ordinary, counter, bits and extend indices behave and refuse what their type forbids",
                clause: "TPM 2.0 Part 3 §31.7–§31.11; Part 2 §13.4", needs: [], body: nvTypes),
            BenchCase(
                id: "ks.nv-pin",
                title: "PIN Fail indices count wrong PINs and lock at pinLimit; PIN Pass indices count uses",
                clause: "TPM 2.0 Part 1 §37.4.3; Part 2 §13.2 (TPM_NT_PIN_FAIL, TPM_NT_PIN_PASS)", needs: [],
                body: nvPIN),
            BenchCase(
                id: "ks.da-lockout", title: "repeated wrong passwords lock out; DictionaryAttackLockReset recovers",
                clause: "TPM 2.0 Part 1 §19.8; Part 3 §25.2, §25.3", needs: [.clear], body: daLockout),
            BenchCase(
                id: "ks.duplication",
                title:
                    "a key duplicated to a new parent, with and without an inner wrapper, imports and signs as before",
                clause: "TPM 2.0 Part 3 §13.1, §13.3; Part 1 §23", needs: [], body: duplication),
            BenchCase(
                id: "ks.secrets-unreadable",
                title: "ReadPublic, context blobs and unauthorized NV reads never show a secret",
                clause: "TPM 2.0 Part 1 §22, §30; Part 3 §31.13", needs: [], body: secretsUnreadable),
        ])

    static func storageRoot(_ context: CaseContext) throws -> LoadedKey {
        context.scoped(try context.tpm.createPrimary(TPMRH.owner, Templates.storageKey(try context.tpm.signingSuite())))
    }

    static func primaryDeterminism(_ context: CaseContext) throws {
        for hierarchy in [TPMRH.owner, TPMRH.endorsement] {
            let first = context.scoped(
                try context.tpm.createPrimary(hierarchy, Templates.storageKey(try context.tpm.signingSuite())))
            let second = context.scoped(
                try context.tpm.createPrimary(hierarchy, Templates.storageKey(try context.tpm.signingSuite())))
            try context.expect(
                first.publicArea == second.publicArea,
                "hierarchy 0x\(String(hierarchy, radix: 16)) gave two keys from one template")
            context.tpm.flush(second.handle)
            let other = context.scoped(
                try context.tpm.createPrimary(
                    hierarchy, Templates.storageKey(try context.tpm.signingSuite(), unique: Array("other".utf8))))
            try context.expect(
                other.publicArea.unique != first.publicArea.unique, "a different unique field gave the same key")
            context.tpm.flush(other.handle)
        }
    }

    static func primaryAfterClear(_ context: CaseContext) throws {
        let owner = try context.tpm.createPrimary(TPMRH.owner, Templates.storageKey(try context.tpm.signingSuite()))
        context.tpm.flush(owner.handle)
        let endorsement = try context.tpm.createPrimary(
            TPMRH.endorsement, Templates.storageKey(try context.tpm.signingSuite()))
        context.tpm.flush(endorsement.handle)
        try context.tpm.link.call(Clear.self, handles: [TPMRH.lockout], passwords: [[]])
        let ownerAfter = context.scoped(
            try context.tpm.createPrimary(TPMRH.owner, Templates.storageKey(try context.tpm.signingSuite())))
        let endorsementAfter = context.scoped(
            try context.tpm.createPrimary(TPMRH.endorsement, Templates.storageKey(try context.tpm.signingSuite())))
        try context.expect(
            ownerAfter.publicArea != owner.publicArea,
            "the owner's primary key survived Clear (a new storage seed was expected)")
        try context.expect(
            endorsementAfter.publicArea == endorsement.publicArea, "Clear changed the endorsement primary key")
    }

    /// Creates and loads a child of `parent`, runs `body` with it, and flushes it: PC Client
    /// TPMs have as few as three object slots.
    static func withChild<T>(
        _ context: CaseContext, parent: LoadedKey, _ template: TPMPublic, auth: [UInt8] = [],
        data: [UInt8] = [], _ body: (LoadedKey) throws -> T
    ) throws -> T {
        let created = try context.tpm.create(parent: parent.handle, template, auth: auth, data: data)
        let key = try context.tpm.load(
            parent: parent.handle, privateBlob: created.privateBlob, publicArea: created.publicArea)
        defer { context.tpm.flush(key.handle) }
        return try body(key)
    }

    static func childKeys(_ context: CaseContext) throws {
        let srk = try storageRoot(context)
        let message = Array("signed by a child key".utf8)
        let signingKeys = try [Templates.rsaSigning, Templates.eccSigning(try context.tpm.signingSuite())].filter {
            try context.tpm.supports($0)
        }
        for template in signingKeys {
            try withChild(context, parent: srk, template) { key in
                try Verifier.signAndVerify(context.tpm, key: key, message: message)
            }
        }
        // HMAC and AES keys whose bytes the bench chose, so software recomputes the TPM's results.
        let hmacKey = SecureBytes.random(32)
        try withChild(context, parent: srk, Templates.importedHMAC, data: hmacKey) { key in
            let mac = try context.tpm.link.call(
                HMACCommand.self, handles: [key.handle], .init(buffer: message, hashAlg: .sha256),
                passwords: [[]]
            ).outHMAC
            try context.expect(
                mac == HMAC.authenticationCode(.sha256, key: hmacKey, data: message),
                "TPM2_HMAC differs from HMAC-SHA256 in software")
        }
        let aesKey = SecureBytes.random(16)
        try withChild(context, parent: srk, Templates.importedAES, data: aesKey) { key in
            let iv = SecureBytes.random(16)
            let parameters = EncryptDecrypt2.Parameters(inData: message, decrypt: false, mode: .cfb, ivIn: iv)
            let ciphertext = try context.tpm.link.call(
                EncryptDecrypt2.self, handles: [key.handle], parameters, passwords: [[]]
            ).outData
            let expected = try SymmetricCipher.encrypt(.aes, mode: .cfb, key: aesKey, iv: iv, data: message).output
            try context.expect(ciphertext == expected, "EncryptDecrypt2 differs from AES-128-CFB in software")
        }
        let secret = SecureBytes.random(24)
        try withChild(context, parent: srk, Templates.sealed(), data: secret) { sealed in
            try context.expect(
                try context.tpm.unseal(sealed.handle, authorization: .password([])) == secret,
                "Unseal returned other data")
        }
    }

    static func persistence(_ context: CaseContext) throws {
        let srk = try storageRoot(context)
        let persistent: TPMHandle = 0x8101_0B01
        try context.tpm.evictControl(srk.handle, persistent: persistent)
        context.cleanup { [tpm = context.tpm] in _ = try? tpm.evictControl(persistent, persistent: persistent) }
        try context.expect(
            try context.tpm.readPublic(persistent).outPublic == srk.publicArea,
            "the persistent copy has another public area")
        guard let restart = context.target.restart else { return }
        try restart()
        try context.tpm.startup()
        try context.expect(
            try context.tpm.readPublic(persistent).outPublic == srk.publicArea,
            "the persistent key did not survive a restart")
    }

    static func platformPersistence(_ context: CaseContext) throws {
        let tpm = context.tpm
        let key = context.scoped(
            try tpm.createPrimary(TPMRH.platform, Templates.storageKey(try context.tpm.signingSuite())))
        let persistent: TPMHandle = 0x8180_0B01
        try tpm.link.call(
            EvictControl.self, handles: [TPMRH.platform, key.handle], .init(persistentHandle: persistent),
            passwords: [[]])
        context.cleanup {
            _ = try? tpm.link.call(
                EvictControl.self, handles: [TPMRH.platform, persistent], .init(persistentHandle: persistent),
                passwords: [[]])
        }
        try context.expect(
            try tpm.readPublic(persistent).outPublic == key.publicArea,
            "the platform's persistent key has another public area")
        try context.expectCode(0x085, anyNumber: true, "the owner evicting a platform key (TPM_RC_HIERARCHY)") {
            try tpm.evictControl(persistent, persistent: persistent)
        }
    }

    static func sealPassword(_ context: CaseContext) throws {
        let srk = try storageRoot(context)
        let secret = SecureBytes.random(32)
        try withChild(context, parent: srk, Templates.sealed(), auth: Array("right".utf8), data: secret) { sealed in
            // noDA: a wrong password is TPM_RC_BAD_AUTH + session 1 and does not count toward lockout.
            try context.expectCode(0x9A2, "Unseal with a wrong password") {
                _ = try context.tpm.unseal(sealed.handle, authorization: .password(Array("wrong".utf8)))
            }
            try context.expect(
                try context.tpm.unseal(sealed.handle, authorization: .password(Array("right".utf8))) == secret,
                "Unseal returned other data")
        }
    }

    static let policyPCR = TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: [16])])

    static func sealPCRPolicy(_ context: CaseContext) throws {
        let tpm = context.tpm
        context.cleanup { _ = try? tpm.link.call(PCR_Reset.self, handles: [16], passwords: [[]]) }
        let trial = try tpm.startPolicySession(trial: true)
        defer { tpm.flush(trial) }
        try tpm.policyPCR(trial, selection: policyPCR)
        let policy = try tpm.policyDigest(trial)
        let srk = try storageRoot(context)
        let secret = SecureBytes.random(32)
        let created = try tpm.create(parent: srk.handle, Templates.sealed(policy: policy), data: secret)
        let sealed = context.scoped(
            try tpm.load(parent: srk.handle, privateBlob: created.privateBlob, publicArea: created.publicArea))
        func unsealWithPolicy() throws -> [UInt8] {
            let session = try tpm.startPolicySession()
            defer { tpm.flush(session) }
            try tpm.policyPCR(session, selection: policyPCR)
            return try tpm.unseal(sealed.handle, authorization: .session(session))
        }
        try context.expect(try unsealWithPolicy() == secret, "Unseal under the PCR policy returned other data")
        try tpm.pcrExtend(16, sha256: Hash.digest(.sha256, Array("changed".utf8)))
        try context.expectCode(0x99D, "Unseal after PCR 16 changed (TPM_RC_POLICY_FAIL + session 1)") {
            _ = try unsealWithPolicy()
        }
    }

    static func sealPolicyAuthorize(_ context: CaseContext) throws {
        let tpm = context.tpm
        context.cleanup { _ = try? tpm.link.call(PCR_Reset.self, handles: [16], passwords: [[]]) }
        // The authority's key lives outside the TPM; the TPM sees only its public half.
        let suite = try tpm.signingSuite()
        let authority = try ECC.PrivateKey.generate(curve: suite.softwareCurve)
        var authorityPublic = Templates.eccSigning(suite, attributes: [.userWithAuth, .sign])
        authorityPublic.unique = .ecc(TPMECCPoint(x: authority.publicKey.point.x, y: authority.publicKey.point.y))
        let key = context.scoped(try tpm.loadExternal(authorityPublic))

        // PolicyAuthorize's digest (Part 3 §23.16), computed as the verifier would and checked by a trial session.
        let commandCode: [UInt8] = [0x00, 0x00, 0x01, 0x6A]
        let step = try Hash.digest(.sha256, [UInt8](repeating: 0, count: 32) + commandCode + key.name)
        let authorizePolicy = try Hash.digest(.sha256, step)
        let trial = try tpm.startPolicySession(trial: true)
        defer { tpm.flush(trial) }
        try tpm.policyAuthorize(trial, approved: [], keyName: key.name, ticket: .null(TPMStructureTag.verified))
        try context.expect(
            try tpm.policyDigest(trial) == authorizePolicy,
            "PolicyAuthorize's trial digest is not H(H(0…0 || TPM_CC_PolicyAuthorize || keyName) || policyRef)")

        let srk = try storageRoot(context)
        let secret = SecureBytes.random(32)
        let created = try tpm.create(parent: srk.handle, Templates.sealed(policy: authorizePolicy), data: secret)
        let sealed = context.scoped(
            try tpm.load(parent: srk.handle, privateBlob: created.privateBlob, publicArea: created.publicArea))

        /// The authority approves the PCR policy of the PCRs as they are now.
        func approveCurrentPCRs() throws -> (approved: [UInt8], ticket: TPMTicket) {
            let trial = try tpm.startPolicySession(trial: true)
            defer { tpm.flush(trial) }
            try tpm.policyPCR(trial, selection: policyPCR)
            let approved = try tpm.policyDigest(trial)
            // aHash is taken with the authority key's nameAlg (Part 3 §23.16), whatever its scheme's hash.
            let digest = try Hash.digest(.sha256, approved)
            return (
                approved,
                try tpm.verifySignature(key.handle, digest: digest, signature: try suite.sign(digest, with: authority))
            )
        }
        func unseal(_ approval: (approved: [UInt8], ticket: TPMTicket)) throws -> [UInt8] {
            let session = try tpm.startPolicySession()
            defer { tpm.flush(session) }
            try tpm.policyPCR(session, selection: policyPCR)
            try tpm.policyAuthorize(session, approved: approval.approved, keyName: key.name, ticket: approval.ticket)
            return try tpm.unseal(sealed.handle, authorization: .session(session))
        }
        let first = try approveCurrentPCRs()
        try context.expect(try unseal(first) == secret, "Unseal under the authorized PCR policy returned other data")
        try tpm.pcrExtend(16, sha256: Hash.digest(.sha256, Array("an update".utf8)))
        try context.expectCode(
            0x1C4, anyNumber: true, "PolicyAuthorize of the old approval after the PCR changed (TPM_RC_VALUE)"
        ) { _ = try unseal(first) }
        try context.expect(
            try unseal(try approveCurrentPCRs()) == secret,
            "Unseal after the authority approved the new PCR value failed")
    }

    static func nvTypes(_ context: CaseContext) throws {
        let tpm = context.tpm
        let attributes: TPMNVAttributes = [.ownerRead, .ownerWrite, .noDA]
        let (ordinary, counter, bits, extend): (TPMHandle, TPMHandle, TPMHandle, TPMHandle) = (
            0x0150_0B10, 0x0150_0B11, 0x0150_0B12, 0x0150_0B13
        )
        for index in [ordinary, counter, bits, extend] { context.cleanup { tpm.nvUndefine(index) } }
        try tpm.nvDefine(ordinary, size: 16, attributes: attributes)
        try tpm.nvDefine(counter, size: 8, attributes: attributes.union(TPMNVAttributes(rawValue: 0x10)))
        try tpm.nvDefine(bits, size: 8, attributes: attributes.union(TPMNVAttributes(rawValue: 0x20)))
        try tpm.nvDefine(extend, size: 32, attributes: attributes.union(TPMNVAttributes(rawValue: 0x40)))

        let data = Array("sixteen bytes!!!".utf8)
        try context.expectCode(0x14A, "reading an unwritten index (TPM_RC_NV_UNINITIALIZED)") {
            _ = try tpm.nvRead(ordinary, size: 16)
        }
        try tpm.nvWrite(ordinary, data)
        try context.expect(try tpm.nvRead(ordinary, size: 16) == data, "the ordinary index reads back other data")

        try tpm.nvIncrement(counter)
        let first = try tpm.nvRead(counter, size: 8)
        try tpm.nvIncrement(counter)
        try context.expect(
            UInt64(bigEndian: first) + 1 == UInt64(bigEndian: try tpm.nvRead(counter, size: 8)),
            "a counter did not count by one")
        try context.expectCode(0x082, anyNumber: true, "NV_Write to a counter (TPM_RC_ATTRIBUTES)") {
            try tpm.nvWrite(counter, [UInt8](repeating: 0, count: 8))
        }

        try tpm.nvSetBits(bits, 0x5)
        try tpm.nvSetBits(bits, 0x30)
        try context.expect(UInt64(bigEndian: try tpm.nvRead(bits, size: 8)) == 0x35, "bit fields are ORed in")

        let measurement = Array("measured".utf8)
        try tpm.nvExtend(extend, measurement)
        try context.expect(
            try tpm.nvRead(extend, size: 32) == Hash.digest(.sha256, [UInt8](repeating: 0, count: 32) + measurement),
            "an extend index holds H(0…0 || data) after its first extend")
        try context.expectCode(0x082, anyNumber: true, "NV_Write to an extend index (TPM_RC_ATTRIBUTES)") {
            try tpm.nvWrite(extend, data)
        }
    }

    /// TPMS_NV_PIN_COUNTER_PARAMETERS: pinCount, pinLimit.
    static func pinParameters(count: UInt32, limit: UInt32) -> [UInt8] {
        BenchTPM.sized { w in
            w.write(count)
            w.write(limit)
        }
    }

    static func nvPIN(_ context: CaseContext) throws {
        let tpm = context.tpm
        let (pinFail, pinPass): (TPMHandle, TPMHandle) = (0x0150_0B40, 0x0150_0B41)
        let pin = Array("1234".utf8)
        let wrong = Array("0000".utf8)
        for index in [pinFail, pinPass] { context.cleanup { tpm.nvUndefine(index) } }
        let attributes: TPMNVAttributes = [.ownerRead, .ownerWrite, .authRead, .noDA]
        try tpm.nvDefine(pinFail, size: 8, attributes: attributes.union(TPMNVAttributes(rawValue: 0x80)), auth: pin)
        try tpm.nvDefine(pinPass, size: 8, attributes: attributes.union(TPMNVAttributes(rawValue: 0x90)), auth: pin)
        func read(_ index: TPMHandle, _ password: [UInt8]) throws {
            _ = try tpm.nvRead(index, size: 8, by: index, auth: password)
        }
        func pinCount(_ index: TPMHandle) throws -> [UInt8] { Array(try tpm.nvRead(index, size: 8).prefix(4)) }

        try tpm.nvWrite(pinFail, pinParameters(count: 0, limit: 2))
        try context.expectCode(0x9A2, "a wrong PIN (TPM_RC_BAD_AUTH + session 1)") { try read(pinFail, wrong) }
        try context.expect(try pinCount(pinFail) == [0, 0, 0, 1], "a wrong PIN did not count")
        try read(pinFail, pin)
        try context.expect(try pinCount(pinFail) == [0, 0, 0, 0], "the right PIN did not reset pinCount")
        for _ in 0..<2 { try context.expectCode(0x9A2, "a wrong PIN") { try read(pinFail, wrong) } }
        try context.expectCode(0x12F, anyNumber: true, "the right PIN at pinLimit failures (TPM_RC_AUTH_UNAVAILABLE)") {
            try read(pinFail, pin)
        }
        try tpm.nvWrite(pinFail, pinParameters(count: 0, limit: 2))
        try read(pinFail, pin)

        try tpm.nvWrite(pinPass, pinParameters(count: 0, limit: 2))
        try read(pinPass, pin)
        try read(pinPass, pin)
        try context.expect(try pinCount(pinPass) == [0, 0, 0, 2], "PIN Pass did not count two uses")
        try context.expectCode(
            0x12F, anyNumber: true, "a third use of a PIN Pass index with pinLimit 2 (TPM_RC_AUTH_UNAVAILABLE)"
        ) { try read(pinPass, pin) }
    }

    static func daLockout(_ context: CaseContext) throws {
        let tpm = context.tpm
        let maxTries = try tpm.property(TPMPT.maxAuthFail) ?? 0
        let interval = try tpm.property(TPMPT.lockoutInterval) ?? 0
        let recovery = try tpm.property(TPMPT.lockoutRecovery) ?? 0
        func setParameters(_ tries: UInt32, _ interval: UInt32, _ recovery: UInt32) throws {
            try tpm.link.call(
                DictionaryAttackParameters.self, handles: [TPMRH.lockout],
                .init(newMaxTries: tries, newRecoveryTime: interval, lockoutRecovery: recovery), passwords: [[]])
        }
        context.cleanup {
            _ = try? tpm.link.call(DictionaryAttackLockReset.self, handles: [TPMRH.lockout], passwords: [[]])
            try? setParameters(maxTries, interval, recovery)
        }
        try setParameters(3, 3600, 3600)
        let index: TPMHandle = 0x0150_0B20
        context.cleanup { tpm.nvUndefine(index) }
        try tpm.nvDefine(index, size: 8, attributes: [.authRead, .authWrite], auth: Array("right".utf8))
        try tpm.nvWrite(index, [UInt8](repeating: 1, count: 8), by: index, auth: Array("right".utf8))
        for attempt in 1...3 {
            try context.expectCode(0x98E, "wrong password \(attempt) (TPM_RC_AUTH_FAIL + session 1)") {
                _ = try tpm.nvRead(index, size: 8, by: index, auth: Array("wrong".utf8))
            }
        }
        try context.expect(
            try tpm.property(TPMPT.lockoutCounter) == 3, "TPM_PT_LOCKOUT_COUNTER is not 3 after three failures")
        try context.expectCode(0x921, "the right password in lockout (TPM_RC_LOCKOUT)") {
            _ = try tpm.nvRead(index, size: 8, by: index, auth: Array("right".utf8))
        }
        try tpm.link.call(DictionaryAttackLockReset.self, handles: [TPMRH.lockout], passwords: [[]])
        try context.expect(
            try tpm.nvRead(index, size: 8, by: index, auth: Array("right".utf8)) == [UInt8](repeating: 1, count: 8),
            "the right password does not work after DictionaryAttackLockReset")
    }

    static func duplication(_ context: CaseContext) throws {
        let tpm = context.tpm
        let oldParent = try storageRoot(context)
        let newParent = context.scoped(
            try tpm.createPrimary(
                TPMRH.owner, Templates.storageKey(try context.tpm.signingSuite(), unique: Array("new parent".utf8))))
        // Duplicable: fixedTPM and fixedParent CLEAR; the DUP role needs PolicyCommandCode(Duplicate).
        let policy = try Hash.digest(
            .sha256, [UInt8](repeating: 0, count: 32) + [0x00, 0x00, 0x01, 0x6C] + [0x00, 0x00, 0x01, 0x4B])
        let template = Templates.eccSigning(
            try tpm.signingSuite(), attributes: [.sensitiveDataOrigin, .userWithAuth, .sign], authPolicy: policy)
        let created = try tpm.create(parent: oldParent.handle, template)
        let message = Array("signed after duplication".utf8)
        for innerWrapper in [false, true] {
            let symmetric = innerWrapper ? Templates.aes128CFB : .null
            let innerKey = innerWrapper ? SecureBytes.random(16) : []
            let (duplicate, seed) = try duplicateChild(
                context, created: created, from: oldParent, to: newParent,
                innerKey: innerKey, symmetric: symmetric)
            let parameters = Import.Parameters(
                encryptionKey: innerKey, objectPublic: created.publicArea, duplicate: duplicate, inSymSeed: seed,
                symmetricAlg: symmetric)
            let privateBlob = try tpm.link.call(Import.self, handles: [newParent.handle], parameters, passwords: [[]])
                .outPrivate
            try withChild(context, loadedFrom: newParent, privateBlob: privateBlob, publicArea: created.publicArea) {
                moved in
                try Verifier.signAndVerify(tpm, key: moved, message: message)
            }
        }
    }

    /// Duplicate under a policy session with PolicyCommandCode(Duplicate); the child is loaded
    /// only for the command (three object slots). Returns the duplicate and its seed.
    static func duplicateChild(
        _ context: CaseContext, created: (privateBlob: [UInt8], publicArea: TPMPublic), from oldParent: LoadedKey,
        to newParent: LoadedKey, innerKey: [UInt8], symmetric: TPMSymmetricDefinition
    ) throws -> ([UInt8], [UInt8]) {
        let tpm = context.tpm
        let child = try tpm.load(
            parent: oldParent.handle, privateBlob: created.privateBlob, publicArea: created.publicArea)
        defer { tpm.flush(child.handle) }
        let session = try tpm.startPolicySession()
        defer { tpm.flush(session) }
        try tpm.link.call(PolicyCommandCode.self, handles: [session], .init(code: .duplicate))
        let duplicated = try tpm.link.call(
            Duplicate.self, handles: [child.handle, newParent.handle],
            .init(encryptionKeyIn: innerKey, symmetricAlg: symmetric), authorizations: [.session(session)])
        return (duplicated.duplicate, duplicated.outSymSeed)
    }

    static func withChild(
        _ context: CaseContext, loadedFrom parent: LoadedKey, privateBlob: [UInt8], publicArea: TPMPublic,
        _ body: (LoadedKey) throws -> Void
    ) throws {
        let key = try context.tpm.load(parent: parent.handle, privateBlob: privateBlob, publicArea: publicArea)
        defer { context.tpm.flush(key.handle) }
        try body(key)
    }

    static func secretsUnreadable(_ context: CaseContext) throws {
        let tpm = context.tpm
        let srk = try storageRoot(context)
        let secret = Array("a secret that must stay inside".utf8)
        let created = try tpm.create(parent: srk.handle, Templates.sealed(), auth: Array("pw".utf8), data: secret)
        let sealed = context.scoped(
            try tpm.load(parent: srk.handle, privateBlob: created.privateBlob, publicArea: created.publicArea))
        func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            haystack.count >= needle.count
                && (0...(haystack.count - needle.count)).contains {
                    Array(haystack[$0..<($0 + needle.count)]) == needle
                }
        }
        let readPublic = try tpm.readPublic(sealed.handle)
        var publicBytes = TPMWriter()
        readPublic.outPublic.marshal(into: &publicBytes)
        try context.expect(
            !contains(publicBytes.bytes + readPublic.name + readPublic.qualifiedName, secret),
            "ReadPublic shows the sealed data")
        try context.expect(
            !contains(created.privateBlob, secret), "the private blob holds the sealed data in the clear")
        try context.expect(
            !contains(try tpm.contextSave(sealed.handle), secret), "the context blob holds the sealed data in the clear"
        )

        let index: TPMHandle = 0x0150_0B30
        context.cleanup { tpm.nvUndefine(index) }
        try tpm.nvDefine(
            index, size: UInt16(secret.count), attributes: [.authRead, .authWrite, .noDA], auth: Array("nv".utf8))
        try tpm.nvWrite(index, secret, by: index, auth: Array("nv".utf8))
        try context.expectCode(0x149, "the owner reading an index without ownerRead (TPM_RC_NV_AUTHORIZATION)") {
            _ = try tpm.nvRead(index, size: UInt16(secret.count))
        }
        try context.expectCode(0x9A2, "reading with a wrong index password (TPM_RC_BAD_AUTH + session 1)") {
            _ = try tpm.nvRead(index, size: UInt16(secret.count), by: index, auth: Array("guess".utf8))
        }
    }
}

extension UInt64 {
    fileprivate init(bigEndian bytes: [UInt8]) { self = bytes.reduce(0) { $0 << 8 | UInt64($1) } }
}
