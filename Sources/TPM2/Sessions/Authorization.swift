import TPMTypes
import TrustCrypto

/// Authorization checks (Part 1, "Authorizations and Acknowledgments"; the reference's
/// SessionProcess.c) and dictionary-attack accounting.
extension TPMEngineState {
    func authorize(_ sessions: inout [CommandSession], entry: CommandEntry, names: [[UInt8]], parameters: [UInt8])
        throws(TPMError)
    {
        var cpHashes: [TPMAlgorithm: [UInt8]] = [:]
        func cpHash(_ session: AuthSession) -> [UInt8] {
            if let known = cpHashes[session.hashID] { return known }
            let value = SessionHMAC.cpHash(session.hash, code: entry.code, names: names, parameters: parameters)
            cpHashes[session.hashID] = value
            return value
        }
        // The first session's HMAC also covers the nonces of separate decrypt and encrypt
        // sessions, when it authorizes a handle (the reference's ComputeCommandHMAC).
        var extraNonces: [[UInt8]] = []
        let decryptIndex = sessions.firstIndex { $0.attributes.contains(.decrypt) }
        if sessions.first?.associatedHandle != nil {
            if let decrypt = decryptIndex, decrypt != 0, let nonce = sessions[decrypt].session?.nonceTPM {
                extraNonces.append(nonce)
            }
            if let encrypt = sessions.firstIndex(where: { $0.attributes.contains(.encrypt) }), encrypt != 0,
                encrypt != decryptIndex,
                let nonce = sessions[encrypt].session?.nonceTPM
            {
                extraNonces.append(nonce)
            }
        }

        // Session by session as the reference's ParseSessionBuffer: what a session may be used
        // for, then its authorization, before the next session is looked at.
        for index in sessions.indices {
            let culprit = TPMError.Culprit.session(index + 1)
            let item = sessions[index]
            if item.session == nil && item.associatedHandle == nil {
                // A password session only authorizes, and only a handle that needs it.
                throw TPMError(.handle, culprit)
            }
            if item.session?.type == .trial { throw TPMError(.attributes, culprit) }
            // A session started with a DA-protected bind entity is subject to lockout however
            // it is used, on any handle or none (the reference's ParseSessionBuffer).
            if let session = item.session, session.isDABound {
                do {
                    try checkLockedOut(lockoutAuth: session.isLockoutBound)
                } catch {
                    throw error.at(culprit)
                }
            }
            if let handle = item.associatedHandle {
                let role = entry.handles[index]
                let name = names[index]
                do {
                    try authorizeHandle(
                        handle, role: role, name: name, names: names, item: &sessions[index], code: entry.code,
                        cpHash: item.session.map(cpHash), extraNonces: index == 0 ? extraNonces : [],
                        parameters: parameters)
                } catch {
                    throw error.at(culprit)
                }
            } else if let session = item.session {
                guard !item.attributes.isDisjoint(with: [.decrypt, .encrypt, .audit]) else {
                    throw TPMError(.attributes, culprit)
                }
                // Encrypt/decrypt/audit-only session: HMAC keyed by the session key alone.
                let expected = SessionHMAC.command(
                    session: session, key: session.sessionKey, cpHash: cpHash(session),
                    nonceCaller: item.nonceCaller, extraNonces: index == 0 ? extraNonces : [],
                    attributes: item.attributes.rawValue)
                let emptyAllowed = session.sessionKey.isEmpty && item.hmac.isEmpty
                do {
                    try checkSecret(
                        emptyAllowed || SecureBytes.equal(expected, item.hmac), handle: nil, session: session,
                        authUsed: false)
                } catch {
                    throw error.at(culprit)
                }
            }
        }
    }

    /// One handle's authorization, in the order of the reference's CheckAuthSession (Part 4,
    /// SessionProcess.c): physical presence, lockout, whether the authValue or the policy may
    /// be used at all, the policy's assertions, the secret, then the PIN counters.
    private func authorizeHandle(
        _ handle: TPMHandle, role: AuthRole, name: [UInt8], names: [[UInt8]], item: inout CommandSession,
        code: TPMCommandCode, cpHash: [UInt8]?, extraNonces: [[UInt8]], parameters: [UInt8]
    ) throws(TPMError) {
        let isPolicy = item.session?.type == .policy
        // Platform authorization of a PP_Commands command needs physical presence, whatever
        // the session; a policy may assert it again with PolicyPhysicalPresence.
        if handle == TPMRH.platform && isPhysicalPresenceRequired(code) && !physicalPresence {
            throw TPMError(.pp)
        }
        // Whether the entity's authValue takes part (the reference's includeAuth): always for
        // a password; for an HMAC session unless it is bound to this entity; for a policy
        // session after PolicyAuthValue or PolicyPassword. Only then do the entity's lockout
        // and its PIN counters apply.
        let authUsed: Bool
        if let session = item.session {
            if isPolicy {
                authUsed = session.policy.isAuthValueNeeded || session.policy.isPasswordNeeded
            } else {
                item.wasBound = session.isBound(to: name, authValue: trimmedAuth(authValue(of: handle)))
                authUsed = !item.wasBound
            }
        } else {
            authUsed = true
        }
        // (A session bound to a DA-protected entity was checked for lockout in `authorize`.)
        if authUsed && isSubjectToLockout(handle) {
            try checkLockedOut(lockoutAuth: handle == TPMRH.lockout)
        }
        if isPolicy {
            guard isAuthPolicyAvailable(handle, role: role, code: code) else { throw TPMError(.authUnavailable) }
        } else {
            if policyRequired(handle, role: role) { throw TPMError(.authType) }
            guard isAuthValueAvailable(handle, role: role, code: code) else { throw TPMError(.authUnavailable) }
        }

        let pinIndex = authUsed ? pinCounter(handle) : nil
        do {
            try verifySecret(
                handle, name: name, names: names, item: &item, code: code, cpHash: cpHash,
                extraNonces: extraNonces, parameters: parameters, role: role, authUsed: authUsed)
        } catch {
            if let pinIndex, pinIndex.type == .pinFail, error.code == .badAuth || error.code == .authFail {
                countPIN(handle, to: pinIndex.count &+ 1)
            }
            throw error
        }
        // PIN Fail counts failures since the last success; PIN Pass counts successful uses.
        if let pinIndex {
            if pinIndex.type == .pinFail && pinIndex.count != 0 { countPIN(handle, to: 0) }
            if pinIndex.type == .pinPass { countPIN(handle, to: pinIndex.count &+ 1) }
        }
    }

    /// The authValue, password or HMAC of one handle's authorization, checked.
    private func verifySecret(
        _ handle: TPMHandle, name: [UInt8], names: [[UInt8]], item: inout CommandSession, code: TPMCommandCode,
        cpHash: [UInt8]?, extraNonces: [[UInt8]], parameters: [UInt8], role: AuthRole,
        authUsed: Bool
    ) throws(TPMError) {
        let isPolicy = item.session?.type == .policy
        let auth = trimmedAuth(authValue(of: handle))
        item.requestAuth = auth
        guard let session = item.session else {
            try checkSecret(
                SecureBytes.equal(trimmedAuth(item.hmac), auth), handle: handle, session: nil, authUsed: true)
            return
        }
        if isPolicy {
            try checkPolicy(
                session, handle: handle, role: role, code: code, cpHash: cpHash ?? [], names: names,
                parameters: parameters)
            if session.policy.isPasswordNeeded {
                try checkSecret(
                    SecureBytes.equal(trimmedAuth(item.hmac), auth), handle: handle, session: session,
                    authUsed: authUsed)
                return
            }
            let key = session.sessionKey + (session.policy.isAuthValueNeeded ? auth : [])
            if key.isEmpty && item.hmac.isEmpty { return }
            let expected = SessionHMAC.command(
                session: session, key: key, cpHash: cpHash ?? [], nonceCaller: item.nonceCaller,
                extraNonces: extraNonces, attributes: item.attributes.rawValue)
            try checkSecret(
                SecureBytes.equal(expected, item.hmac), handle: handle, session: session, authUsed: authUsed)
            return
        }
        let key = session.sessionKey + (item.wasBound ? [] : auth)
        // No key and no HMAC: the Empty Buffer matches (the reference's ComputeCommandHMAC).
        if key.isEmpty && item.hmac.isEmpty { return }
        let expected = SessionHMAC.command(
            session: session, key: key, cpHash: cpHash ?? [], nonceCaller: item.nonceCaller,
            extraNonces: extraNonces, attributes: item.attributes.rawValue)
        try checkSecret(SecureBytes.equal(expected, item.hmac), handle: handle, session: session, authUsed: authUsed)
    }

    /// A written PIN Pass or PIN Fail index's TPMS_NV_PIN_COUNTER_PARAMETERS (pinCount,
    /// pinLimit); nil for other indices and for a PIN index not yet written, whose data
    /// means nothing and whose counters therefore never move.
    private func pinCounter(_ handle: TPMHandle) -> (type: TPMNVType, count: UInt32, limit: UInt32)? {
        guard handle.handleType == .nvIndex, let index = permanent.nvIndices[handle],
            let type = index.publicArea.attributes.type, type == .pinPass || type == .pinFail,
            index.publicArea.attributes.contains(.written), index.data.count == 8
        else { return nil }
        func word(_ at: Int) -> UInt32 { index.data[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        return (type, word(0), word(4))
    }

    /// Sets pinCount; the command's commit point makes it durable before the answer leaves,
    /// whether the command then succeeds or not.
    private func countPIN(_ handle: TPMHandle, to count: UInt32) {
        guard var index = permanent.nvIndices[handle] else { return }
        index.data.replaceSubrange(0..<4, with: count.bigEndianBytes)
        permanent.nvIndices[handle] = index
    }

    /// Roles only a policy can authorize, so a password or HMAC session is TPM_RC_AUTH_TYPE
    /// (the reference's IsPolicySessionRequired): DUP always; ADMIN unless the entity is an
    /// object with adminWithPolicy CLEAR; a PCR with an authPolicy. An object's USER role with
    /// userWithAuth CLEAR is not among them: its authValue is unavailable instead
    /// (TPM_RC_AUTH_UNAVAILABLE, isAuthValueAvailable), as in the reference and libtpms.
    private func policyRequired(_ handle: TPMHandle, role: AuthRole) -> Bool {
        switch role {
        case .none: return false
        case .dup: return true
        case .admin where handle.handleType == .nvIndex: return true
        // A PCR with an authPolicy is used only through that policy (the reference's IsPolicySessionRequired).
        case .user where handle.handleType == .pcr: return !(permanent.pcrPolicies[Int(handle)]?.digest.isEmpty ?? true)
        case .user: return false
        case .admin:
            guard handle.handleType == .transient || handle.handleType == .persistent,
                let object = try? object(handle)
            else { return false }
            return object.attributes.contains(.adminWithPolicy)
        }
    }

    /// Whether a password or HMAC session may use the entity's authValue for this role
    /// (the reference's IsAuthValueAvailable). An object needs its sensitive area and
    /// userWithAuth (USER) or a clear adminWithPolicy (ADMIN); a sequence always has its
    /// authValue. An NV index needs authWrite for the write commands and authRead for every
    /// other use, except that a PIN Pass or PIN Fail index is usable only once written and
    /// while pinCount < pinLimit (Part 1, PIN indices). A hierarchy, lockout and PCRs always.
    private func isAuthValueAvailable(_ handle: TPMHandle, role: AuthRole, code: TPMCommandCode) -> Bool {
        switch handle.handleType {
        case .permanent:
            return [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout, TPMRH.null].contains(handle)
        case .transient, .persistent:
            if case .sequence? = transients[handle] { return true }
            guard let object = try? object(handle), object.sensitive != nil else { return false }
            return object.attributes.contains(.userWithAuth)
                || (role == .admin && !object.attributes.contains(.adminWithPolicy))
        case .nvIndex:
            guard let attributes = permanent.nvIndices[handle]?.publicArea.attributes else { return false }
            if Self.nvWriteCommands.contains(code) { return attributes.contains(.authWrite) }
            if attributes.type == .pinPass || attributes.type == .pinFail {
                guard let pin = pinCounter(handle) else { return false }  // not written yet
                return pin.count < pin.limit
            }
            return attributes.contains(.authRead)
        case .pcr:
            return true
        default:
            return false
        }
    }

    /// Whether a policy session may authorize the entity (the reference's
    /// IsAuthPolicyAvailable): a hierarchy or lockout with an authPolicy set; an object with
    /// its sensitive area (never a sequence), whatever its authPolicy (an empty one fails
    /// the digest comparison, TPM_RC_POLICY_FAIL); an NV index with an authPolicy, for a role
    /// that requires a policy or, otherwise, with policyWrite for the write commands and
    /// policyRead for every other use; a PCR of the policy group.
    private func isAuthPolicyAvailable(_ handle: TPMHandle, role: AuthRole, code: TPMCommandCode) -> Bool {
        switch handle.handleType {
        case .permanent:
            guard [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout].contains(handle) else { return false }
            return !authPolicy(of: handle).digest.isEmpty
        case .transient, .persistent:
            if case .sequence? = transients[handle] { return false }
            guard let object = try? object(handle) else { return false }
            return object.sensitive != nil
        case .nvIndex:
            guard let index = permanent.nvIndices[handle], !index.publicArea.authPolicy.isEmpty else { return false }
            if policyRequired(handle, role: role) { return true }
            return index.publicArea.attributes.contains(
                Self.nvWriteCommands.contains(code) ? .policyWrite : .policyRead)
        case .pcr:
            return PCRAuthGroup.contains(Int(handle), count: pcrs.count)
        default:
            return false
        }
    }

    static let nvWriteCommands: Set<TPMCommandCode> = [.nvWrite, .nvIncrement, .nvExtend, .nvSetBits, .nvWriteLock]

    /// The reference's CheckPolicyAuthSession: the policy digest must equal the entity's
    /// authPolicy in the entity's hash, and every assertion recorded in the session must hold
    /// for this command. The checks run in the reference's order, so that a session failing
    /// several gets the reference's code.
    private func checkPolicy(
        _ session: AuthSession, handle: TPMHandle, role: AuthRole, code: TPMCommandCode, cpHash: [UInt8],
        names: [[UInt8]], parameters: [UInt8]
    ) throws(TPMError) {
        let state = session.policy
        // PolicySecret through a policy session needs that session to use the authValue.
        if code == .policySecret && !state.isPasswordNeeded && !state.isAuthValueNeeded { throw TPMError(.mode) }
        // PCRs changed since PolicyPCR: reported before the digest comparison.
        if let counter = state.pcrUpdateCounter, counter != pcrs.updateCounter { throw TPMError(.pcrChanged) }
        let policy = authPolicy(of: handle)
        guard SecureBytes.equal(session.policyDigest, policy.digest), policy.hash == session.hashID else {
            throw TPMError(.policyFail)
        }
        if let expiration = state.expiration, expiration != 0 {
            // Time cannot be judged while NV is unavailable.
            guard nvAvailable else { throw TPMError(.nvUnavailable) }
            if time > expiration { throw TPMError(.expired) }
        }
        if let expected = state.commandCode {
            if expected != code { throw TPMError(.policyCC) }
        } else if role == .admin || role == .dup {
            // ADMIN and DUP uses must be pinned to their command (PolicyCommandCode).
            throw TPMError(.policyFail)
        }
        if let allowed = state.localities {
            // Bits 0–4 allow localities 0–4; a value of 32 or more is one extended locality.
            let permitted =
                locality < 5 ? allowed < 32 && allowed & (1 << locality) != 0 : locality > 31 && allowed == locality
            if !permitted { throw TPMError(.locality) }
        }
        if state.isPhysicalPresenceNeeded && !physicalPresence { throw TPMError(.pp) }
        // cpHash, nameHash and templateHash share one slot: at most one is set.
        if let expected = state.cpHash, !SecureBytes.equal(expected, cpHash) { throw TPMError(.policyFail) }
        if let nameHash = state.nameHash,
            !SecureBytes.equal(nameHash, EngineCrypto.digest(session.hash, names.flatMap { $0 }))
        {
            throw TPMError(.policyFail)
        }
        if let templateHash = state.templateHash {
            // PolicyTemplate: only a command that creates from a template, and only this one.
            guard let template = Self.template(code: code, parameters: parameters),
                SecureBytes.equal(templateHash, EngineCrypto.digest(session.hash, template))
            else { throw TPMError(.policyFail) }
        }
        if let written = state.nvWrittenState {
            // PolicyNvWritten: only an NV index, and only in the written state asked for.
            guard handle.handleType == .nvIndex, let index = permanent.nvIndices[handle],
                index.publicArea.attributes.contains(.written) == written
            else { throw TPMError(.policyFail) }
        }
    }

    /// The TPMT_PUBLIC inside inPublic of CreatePrimary, Create and CreateLoaded: the second
    /// parameter, after the TPM2B_SENSITIVE_CREATE (nil for other commands or short input).
    static func template(code: TPMCommandCode, parameters: [UInt8]) -> [UInt8]? {
        guard [.createPrimary, .create, .createLoaded].contains(code) else { return nil }
        var reader = TPMReader(parameters)
        guard (try? reader.readSized(max: Int.max)) != nil, let template = try? reader.readSized(max: Int.max) else {
            return nil
        }
        return template
    }

    /// A secret that does not match, answered as the reference's IncrementLockout: the failure
    /// counts (TPM_RC_AUTH_FAIL) when the authValue of a DA-protected entity took part, or the
    /// session was bound to a DA-protected entity, against lockoutAuth when that entity is
    /// TPM_RH_LOCKOUT; otherwise it is TPM_RC_BAD_AUTH and counts nothing. `handle` is the
    /// entity authorized (nil for a session that only encrypts or audits); the command's
    /// commit point makes the count durable before the answer leaves.
    private func checkSecret(_ matches: Bool, handle: TPMHandle?, session: AuthSession?, authUsed: Bool)
        throws(TPMError)
    {
        if matches { return }
        var counted = handle
        if let session {
            if session.isLockoutBound { counted = TPMRH.lockout }
            if !session.isDABound && (!isSubjectToLockout(counted) || !authUsed) { throw TPMError(.badAuth) }
        } else if !isSubjectToLockout(counted) {
            throw TPMError(.badAuth)
        }
        if counted == TPMRH.lockout { lockLockoutAuth() } else { recordFailure() }
        throw TPMError(.authFail)
    }

    /// The reference's CheckLockedOut: lockoutAuth's own lockout, or that of every
    /// DA-protected entity.
    private func checkLockedOut(lockoutAuth: Bool) throws(TPMError) {
        if lockoutAuth { try checkLockoutAuthAvailable() } else { try checkNotLockedOut() }
    }

    /// Whether guessing at this entity's authValue is counted (the reference's IsDAExempted,
    /// negated): lockoutAuth, and objects and NV indices without noDA.
    func isSubjectToLockout(_ handle: TPMHandle?) -> Bool {
        guard let handle else { return false }
        return handle == TPMRH.lockout || isDictionaryAttackProtected(handle)
    }

    // MARK: Dictionary attack (Part 1 §19.8)

    /// Self-healing: failedTries drops by one every recoveryTime seconds of Clock.
    func healDictionaryAttack() {
        var da = permanent.dictionaryAttack
        guard da.recoveryTime > 0, da.failedTries > 0 else { return }
        let period = UInt64(da.recoveryTime) * 1000
        let now = clock
        guard now > da.lastDecrementClock else { return }
        let steps = (now - da.lastDecrementClock) / period
        guard steps > 0 else { return }
        da.failedTries = UInt32(max(0, Int64(da.failedTries) - Int64(steps)))
        da.lastDecrementClock += steps * period
        permanent.dictionaryAttack = da
    }

    var isLockedOut: Bool {
        let da = permanent.dictionaryAttack
        return da.recoveryTime > 0 && da.failedTries >= da.maxTries
    }

    func checkNotLockedOut() throws(TPMError) {
        healDictionaryAttack()
        if isLockedOut { throw TPMError(.lockout) }
    }

    func checkLockoutAuthAvailable() throws(TPMError) {
        let da = permanent.dictionaryAttack
        if da.lockoutAuthLockedUntilReboot { throw TPMError(.lockout) }
        if da.lockoutAuthLockedUntil > clock { throw TPMError(.lockout) }
    }

    /// Counts a failed try. The command's commit point writes it before TPM_RC_AUTH_FAIL
    /// leaves; if it cannot, the answer is TPM_RC_FAILURE: no client hears "wrong" about a
    /// guess that a power cut could make the TPM forget.
    private func recordFailure() {
        healDictionaryAttack()
        var da = permanent.dictionaryAttack
        guard da.recoveryTime > 0 else { return }  // recoveryTime 0 disables DA protection
        // Each counted failure restarts the self-healing interval (the reference's DARegisterFailure).
        da.lastDecrementClock = clock
        da.failedTries = min(da.failedTries + 1, da.maxTries)
        permanent.dictionaryAttack = da
    }

    private func lockLockoutAuth() {
        if permanent.dictionaryAttack.lockoutRecovery == 0 {
            permanent.dictionaryAttack.lockoutAuthLockedUntilReboot = true
        } else {
            permanent.dictionaryAttack.lockoutAuthLockedUntil =
                clock + UInt64(permanent.dictionaryAttack.lockoutRecovery) * 1000
        }
    }
}

extension TPMEngineState {
    /// PP_Commands is always in the list; the platform adds and removes the others.
    func isPhysicalPresenceRequired(_ code: TPMCommandCode) -> Bool {
        code == .ppCommands || permanent.ppCommands.contains(code)
    }

    /// Commands whose successful runs extend the command audit digest; the audit switch itself
    /// is always audited (Part 3 §21.1).
    func isAudited(_ code: TPMCommandCode) -> Bool {
        code == .setCommandCodeAuditStatus || permanent.auditCommands.contains(code)
    }
}
