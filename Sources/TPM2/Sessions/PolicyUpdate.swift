import TPMTypes
import TrustCrypto

/// What every policy command shares (Part 3 §23.1): the session it names and the way it
/// extends that session's policyDigest.
extension AuthSession {
    /// A trial session records assertions without checking them (Part 3 §23.1).
    var isTrial: Bool { type == .trial }

    /// policyDigest_new = H(policyDigest_old || commandCode || fields…) in the session's hash.
    func extendPolicy(_ code: TPMCommandCode, _ fields: [UInt8]...) {
        var writer = TPMWriter()
        writer.write(bytes: policyDigest)
        writer.write(code)
        for field in fields { writer.write(bytes: field) }
        policyDigest = EngineCrypto.digest(hash, writer.bytes)
    }

    /// PolicyContextUpdate (Part 3 §23.2.3): H(H(policyDigest_old || code || name) || policyRef),
    /// the second hash only when a policyRef is given.
    func extendPolicy(_ code: TPMCommandCode, name: [UInt8], policyRef: [UInt8]?) {
        extendPolicy(code, name)
        if let policyRef { policyDigest = EngineCrypto.digest(hash, policyDigest + policyRef) }
    }

    /// Back to the state StartAuthSession left: a zero digest and no assertions
    /// (PolicyRestart, and a policy session that authorized a command and continues).
    func restartPolicy() {
        policyDigest = [UInt8](repeating: 0, count: hash.digestSize)
        policy = PolicyState()
    }
}

extension TPMEngineState {
    /// The policy or trial session a policy command names as handle 1; the dispatcher has
    /// already refused other handle types (TPMI_SH_POLICY) and sessions not loaded.
    func policySession(_ handle: TPMHandle, number: Int = 1) throws(TPMError) -> AuthSession {
        guard let session = sessions[handle], session.type != .hmac, !session.isSaved else {
            throw TPMError(.value, .handle(number))
        }
        return session
    }
}

/// What PolicySigned, PolicySecret and PolicyTicket share (Part 3 §23.3–§23.5): the
/// authorization's timeout, the checks on nonceTPM, expiration and cpHashA, and the tickets.
enum PolicyGrant {
    /// Set in a returned timeout when the ticket dies with the next TPM Reset (nonceTPM was
    /// empty); our encoding of TPM2B_TIMEOUT, which Part 2 leaves to the TPM.
    static let expiresOnResetBit: UInt64 = 1 << 63

    /// When the authorization expires, in Time milliseconds; 0 for never. With a nonceTPM it
    /// counts from the session's start, without one from Time zero (Part 3 §23.2.2).
    static func timeout(expiration: Int32, nonceTPM: [UInt8], session: AuthSession, tpm: TPMEngineState) -> UInt64 {
        guard expiration != 0 else { return 0 }
        let seconds = UInt64(expiration.magnitude)
        return nonceTPM.isEmpty ? seconds * 1000 + tpm.time % 1000 : session.startTime + seconds * 1000
    }

    /// nonceTPM, if given, must be the session's; the timeout not passed; cpHashA, if given,
    /// the session's digest size and equal to a cpHash already set.
    static func check(
        session: AuthSession, timeout: UInt64, cpHashA: [UInt8], nonceTPM: [UInt8]?, tpm: TPMEngineState,
        nonce: TPMError.Culprit, cpHash: TPMError.Culprit, expiration: TPMError.Culprit
    ) throws(TPMError) {
        if let nonceTPM, !nonceTPM.isEmpty, !SecureBytes.equal(nonceTPM, session.nonceTPM) {
            throw TPMError(.nonce, nonce)
        }
        if timeout != 0 && timeout < tpm.time { throw TPMError(.expired, expiration) }
        guard !cpHashA.isEmpty else { return }
        guard cpHashA.count == session.hash.digestSize else { throw TPMError(.size, cpHash) }
        // cpHash, nameHash and templateHash share one slot in the session.
        let state = session.policy
        if let existing = state.cpHash ?? state.nameHash ?? state.templateHash, existing != cpHashA {
            throw TPMError(.cpHash)
        }
    }

    /// Extends the digest with the authorizing entity's Name and policyRef, records cpHashA
    /// and keeps the earliest timeout.
    static func update(
        session: AuthSession, code: TPMCommandCode, name: [UInt8], policyRef: [UInt8], cpHashA: [UInt8], timeout: UInt64
    ) {
        session.extendPolicy(code, name: name, policyRef: policyRef)
        if !cpHashA.isEmpty { session.policy.cpHash = cpHashA }
        if timeout != 0, session.policy.expiration.map({ $0 == 0 || $0 > timeout }) ?? true {
            session.policy.expiration = timeout
        }
    }

    /// TPMT_TK_AUTH: HMAC under the hierarchy's proof over the tag, timeout, the reset count
    /// when it expires on reset, cpHashA, policyRef and the authorizing Name.
    static func ticket(
        tag: UInt16, hierarchy: TPMHandle, timeout: UInt64, expiresOnReset: Bool, cpHashA: [UInt8], policyRef: [UInt8],
        name: [UInt8], tpm: TPMEngineState
    ) -> TPMTicket {
        var w = TPMWriter()
        w.write(tag)
        w.write(timeout)
        if expiresOnReset { w.write(tpm.permanent.resetCount) }
        w.write(bytes: cpHashA)
        w.write(bytes: policyRef)
        w.write(bytes: name)
        return TPMTicket(
            tag: tag, hierarchy: hierarchy, digest: EngineCrypto.hmac(.sha256, key: tpm.proof(hierarchy), [w.bytes]))
    }

    /// The timeout and ticket PolicySigned and PolicySecret return: real ones only when
    /// expiration is negative in a policy (not trial) session, else empty and NULL.
    static func output(
        tag: UInt16, expiration: Int32, timeout: UInt64, session: AuthSession, hierarchy: TPMHandle, nonceTPM: [UInt8],
        cpHashA: [UInt8], policyRef: [UInt8], name: [UInt8], tpm: TPMEngineState
    ) -> (timeout: [UInt8], ticket: TPMTicket) {
        guard expiration < 0, !session.isTrial else { return ([], .null(tag)) }
        let expiresOnReset = nonceTPM.isEmpty
        let ticket = Self.ticket(
            tag: tag, hierarchy: hierarchy, timeout: timeout, expiresOnReset: expiresOnReset, cpHashA: cpHashA,
            policyRef: policyRef, name: name, tpm: tpm)
        var w = TPMWriter()
        w.write(timeout | (expiresOnReset ? expiresOnResetBit : 0))
        return (w.bytes, ticket)
    }

    /// TPM_EO (Part 2 §6.8): operandA (from the TPM) against operandB (from the caller), both
    /// big-endian of the same size.
    ///
    /// The signed comparisons follow Part 4's SignedCompareB, which is normative: operands of
    /// different signs order by sign, and two negative operands compare as the negation of
    /// their unsigned comparison, so 0x81 is "greater" than 0x82 although -127 < -126 (libtpms
    /// and tpm2-tools' abrmd_policynv test rely on it; docs/DIFFERENCES.md). With
    /// `twosComplement` (a profile's `signedComparison: twos-complement`) two negative
    /// operands compare as the integers they encode.
    /// `a` and `b` have the same length: PolicyNV and PolicyCounterTimer read as many bytes
    /// of the index or of TPMS_TIME_INFO as operandB holds.
    static func holds(_ operation: UInt16, _ a: [UInt8], _ b: [UInt8], twosComplement: Bool = false) -> Bool {
        func unsigned() -> Int {
            for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
            return 0
        }
        func compare(signed: Bool) -> Int {
            guard signed, let first = a.first, let other = b.first else { return unsigned() }
            let aNegative = first & 0x80 != 0
            let bNegative = other & 0x80 != 0
            if aNegative != bNegative { return aNegative ? -1 : 1 }
            // Same sign: two's complement orders like the unsigned bytes; SignedCompareB
            // reverses the order when both are negative.
            return aNegative && !twosComplement ? -unsigned() : unsigned()
        }
        switch operation {
        case 0x0000: return compare(signed: false) == 0
        case 0x0001: return compare(signed: false) != 0
        case 0x0002: return compare(signed: true) > 0
        case 0x0003: return compare(signed: false) > 0
        case 0x0004: return compare(signed: true) < 0
        case 0x0005: return compare(signed: false) < 0
        case 0x0006: return compare(signed: true) >= 0
        case 0x0007: return compare(signed: false) >= 0
        case 0x0008: return compare(signed: true) <= 0
        case 0x0009: return compare(signed: false) <= 0
        case 0x000A: return zip(a, b).allSatisfy { $0 & $1 == $1 }
        default: return zip(a, b).allSatisfy { $0 & $1 == 0 }
        }
    }

    /// policyDigest_new = H(policyDigest_old || code || H(operandB || offset || operation) [|| name]).
    static func extendComparison(
        _ session: AuthSession, code: TPMCommandCode, operandB: [UInt8], offset: UInt16, operation: UInt16,
        name: [UInt8]? = nil
    ) {
        var w = TPMWriter()
        w.write(bytes: operandB)
        w.write(offset)
        w.write(operation)
        let args = EngineCrypto.digest(session.hash, w.bytes)
        if let name { session.extendPolicy(code, args, name) } else { session.extendPolicy(code, args) }
    }
}

extension TPMEngineState {
    /// The hierarchy an entity's tickets belong to (EntityGetHierarchy): an object's own,
    /// an index's owner or platform, the platform, endorsement or NULL hierarchy as named,
    /// and the owner for everything else.
    func hierarchy(of handle: TPMHandle) -> TPMHandle {
        switch handle.handleType {
        case .transient, .persistent: return (try? object(handle))?.hierarchy ?? TPMRH.null
        case .nvIndex:
            return permanent.nvIndices[handle]?.publicArea.attributes.contains(.platformCreate) == true
                ? TPMRH.platform : TPMRH.owner
        default:
            return [TPMRH.platform, TPMRH.endorsement, TPMRH.null].contains(handle) ? handle : TPMRH.owner
        }
    }
}
