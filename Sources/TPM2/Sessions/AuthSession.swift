import TPMTypes
import TrustCrypto

/// An HMAC, policy or trial session started by StartAuthSession (Part 1 §19.6).
final class AuthSession {
    let handle: TPMHandle
    let type: TPMSessionType
    /// The session's hash (authHash): HMACs, KDFs and the policy digest use it.
    let hash: HashAlgorithm
    let hashID: TPMAlgorithm
    let symmetric: TPMSymmetricDefinition
    let sessionKey: [UInt8]
    var nonceTPM: [UInt8]
    /// The entity a bound session was started for: its Name and a digest of its authValue
    /// then; while both still match, the authValue is already in the session key (Part 1 §19.6.11).
    private(set) var boundName: [UInt8]?
    private(set) var boundAuthDigest: [UInt8]?
    /// Started with a bind entity subject to lockout (any session type, and kept when the
    /// binding ends): every use of the session is checked for lockout, and its failures
    /// count, whatever it authorizes (the reference's isDaBound).
    let isDABound: Bool
    /// Started with TPM_RH_LOCKOUT as bind: its failures count against lockoutAuth.
    let isLockoutBound: Bool

    /// Policy state (Part 3 §23), built up by the policy commands.
    var policyDigest: [UInt8]
    var policy = PolicyState()
    /// Time when StartAuthSession made the session, or the last command it took part in
    /// restarted its policy: expirations with a nonceTPM count from it.
    var startTime: UInt64 = 0
    /// Session audit (Part 3 §18.5.1; the reference's UpdateAuditSessionStatus): set once the
    /// session is used with the audit attribute; each audited command extends
    /// auditDigest = H(auditDigest || cpHash || rpHash).
    var isAudit = false
    var auditDigest: [UInt8] = []

    /// Context management: set while the session lives only as a saved context.
    var isSaved = false
    /// The sequence number of the last ContextSave, so an older blob is refused.
    var savedSequence: UInt64 = 0

    init(
        handle: TPMHandle, type: TPMSessionType, hashID: TPMAlgorithm, hash: HashAlgorithm,
        symmetric: TPMSymmetricDefinition,
        sessionKey: [UInt8], nonceTPM: [UInt8], boundName: [UInt8]?, boundAuthDigest: [UInt8]?,
        isDABound: Bool, isLockoutBound: Bool
    ) {
        self.handle = handle
        self.type = type
        self.hashID = hashID
        self.hash = hash
        self.symmetric = symmetric
        self.sessionKey = sessionKey
        self.nonceTPM = nonceTPM
        self.boundName = boundName
        self.boundAuthDigest = boundAuthDigest
        self.isDABound = isDABound
        self.isLockoutBound = isLockoutBound
        self.policyDigest = [UInt8](repeating: 0, count: hash.digestSize)
    }

    /// Ends the binding: the session then authorizes its bind entity like any other.
    func dropBinding() {
        boundName = nil
        boundAuthDigest = nil
    }

    /// Whether this session is bound to the entity with `name` whose authValue is `auth` now.
    func isBound(to name: [UInt8], authValue auth: [UInt8]) -> Bool {
        guard let boundName, let boundAuthDigest else { return false }
        return boundName == name && SecureBytes.equal(boundAuthDigest, EngineCrypto.digest(hash, auth))
    }
}

/// What policy commands have asserted so far (Part 1 §19.7, Part 3 §23). Issue #3 grows the
/// policy commands that set these; the dispatcher already enforces them.
struct PolicyState {
    var commandCode: TPMCommandCode?
    var cpHash: [UInt8]?
    var nameHash: [UInt8]?
    var localities: UInt8?
    var isPasswordNeeded = false
    var isAuthValueNeeded = false
    var isPhysicalPresenceNeeded = false
    var pcrUpdateCounter: UInt32?
    var templateHash: [UInt8]?
    var nvWrittenState: Bool?
    var expiration: UInt64?
}
