import TPMTypes
import TrustCrypto

/// The caller's half of an HMAC, policy or trial session (Part 1, "Authorization Sessions"):
/// its nonces, its session key and its binding, kept from one command to the next so that
/// TPMClient can compute each command's HMAC, check each response's HMAC and encrypt or
/// decrypt the first parameter, as a TSS does. Start one with `TPMClient.startSession`; use it
/// in a command as `.authSession(session, authValue:attributes:)`.
///
/// A session belongs to one client and is used by one thread at a time, as the TPM itself
/// takes one command at a time.
public final class TPMSession {
    public let handle: TPMHandle
    public let type: TPMSessionType
    /// TPMI_ALG_HASH of the session: its HMACs, its KDFs and its nonces' size.
    public let authHash: TPMAlgorithm
    /// The parameter encryption the session offers (TPM_ALG_NULL for none).
    public let symmetric: TPMSymmetricDefinition
    /// KDFa(authHash, bindAuth ‖ salt, "ATH", nonceTPM, nonceCaller): empty for a session
    /// neither bound nor salted (Part 1, "Session Key Creation").
    public let sessionKey: [UInt8]
    /// The nonce this side sent last.
    public private(set) var nonceCaller: [UInt8]
    /// The nonce the TPM sent last.
    public private(set) var nonceTPM: [UInt8]
    /// False once the TPM has flushed the session: after a command that did not ask
    /// continueSession, or `TPMClient.flush`.
    public private(set) var isLoaded = true
    /// For a policy session, what the policy asked of the authorization: PolicyAuthValue makes
    /// the HMAC include the entity's authValue, PolicyPassword sends the authValue in its place.
    /// `TPMClient.policyAuthValue` and `policyPassword` set it; the TPM forgets it after each
    /// use of the session, and so does this side.
    public var policyAuthorization = PolicyAuthorization.hmac

    public enum PolicyAuthorization: Sendable {
        /// An HMAC keyed by the session key alone.
        case hmac
        /// TPM2_PolicyAuthValue: an HMAC keyed by the session key and the entity's authValue.
        case authValue
        /// TPM2_PolicyPassword: the authValue in clear in the HMAC field.
        case password
    }

    let hash: HashAlgorithm
    /// The Name and authValue of the entity an HMAC session is bound to, while the binding
    /// holds: authorizing that entity with that authValue, the authValue is already in the key.
    private var binding: (name: [UInt8], authValue: [UInt8])?
    private var isAuditing = false

    init(
        handle: TPMHandle, type: TPMSessionType, authHash: TPMAlgorithm, hash: HashAlgorithm,
        symmetric: TPMSymmetricDefinition, sessionKey: [UInt8], nonceCaller: [UInt8], nonceTPM: [UInt8],
        binding: (name: [UInt8], authValue: [UInt8])?
    ) {
        self.handle = handle
        self.type = type
        self.authHash = authHash
        self.hash = hash
        self.symmetric = symmetric
        self.sessionKey = sessionKey
        self.nonceCaller = nonceCaller
        self.nonceTPM = nonceTPM
        self.binding = type == .hmac ? binding : nil
    }

    /// An authValue as it joins a key or is compared: without trailing zero octets (Part 1,
    /// "HMAC Computation"; the reference's MemoryRemoveTrailingZeros).
    static func trimmed(_ authValue: [UInt8]) -> [UInt8] {
        Array(authValue.prefix(through: authValue.lastIndex(where: { $0 != 0 }) ?? -1))
    }

    /// A fresh nonce of the session hash's digest size (at least 16 octets).
    static func freshNonce(_ hash: HashAlgorithm) -> [UInt8] { SecureBytes.random(max(16, hash.digestSize)) }

    /// Takes a new nonceCaller for the next command; `call` does it for each command.
    /// - Returns: the new nonceCaller.
    @discardableResult
    public func rollNonce() -> [UInt8] {
        nonceCaller = Self.freshNonce(hash)
        return nonceCaller
    }

    /// Whether the authValue of `entity` (the Name of the handle the session authorizes, nil
    /// for none) joins the session key in this command's HMAC and its response's: not for an
    /// HMAC session bound to that entity with that authValue (already in the key), nor for a
    /// policy session whose policy did not ask for it. Decided once, when the command is sent;
    /// the response then takes the authValue as the command left it.
    func includesAuth(authorizing entity: [UInt8]?, authValue: [UInt8]) -> Bool {
        guard let entity else { return false }
        switch type {
        case .hmac:
            guard let binding else { return true }
            return binding.name != entity || binding.authValue != Self.trimmed(authValue)
        case .policy, .trial:
            return policyAuthorization == .authValue
        }
    }

    /// HMAC(key, cpHash ‖ nonceCaller ‖ nonceTPM [‖ nonceTPM of the decrypt session] [‖ nonceTPM
    /// of the encrypt session] ‖ attributes) (Part 1, "HMAC Computation").
    func commandHMAC(key: [UInt8], cpHash: [UInt8], extraNonces: [[UInt8]], attributes: TPMSessionAttributes)
        throws(CryptoError) -> [UInt8]
    {
        let data = [cpHash, nonceCaller, nonceTPM] + extraNonces + [[attributes.rawValue]]
        return try HMAC.authenticationCode(hash, key: key, data: Array(data.joined()))
    }

    /// Takes the TPM's new nonce from a response and says whether its HMAC is
    /// HMAC(key, rpHash ‖ nonceTPM ‖ nonceCaller ‖ attributes); a policy session answering a
    /// PolicyPassword authorization sends an empty HMAC.
    func acceptResponse(
        nonceTPM newNonce: [UInt8], attributes: TPMSessionAttributes, hmac: [UInt8], key: [UInt8],
        rpHash: [UInt8]
    ) throws(CryptoError) -> Bool {
        nonceTPM = newNonce
        if type != .hmac && policyAuthorization == .password { return hmac.isEmpty }
        let data = [rpHash, nonceTPM, nonceCaller, [attributes.rawValue]]
        let expected = try HMAC.authenticationCode(hash, key: key, data: Array(data.joined()))
        return SecureBytes.equal(expected, hmac)
    }

    /// What the TPM did to the session after a successful command that used it with
    /// `attributes`: a session without continueSession is gone; a first audit use, or an
    /// auditReset, ends the binding (the reference's InitAuditSession); a policy session starts
    /// its policy again.
    func flushed() { isLoaded = false }

    func commandSucceeded(attributes: TPMSessionAttributes) {
        if !attributes.contains(.continueSession) { isLoaded = false }
        if attributes.contains(.audit) {
            if !isAuditing || attributes.contains(.auditReset) { binding = nil }
            isAuditing = true
        }
        policyAuthorization = .hmac
    }

    /// Parameter encryption (Part 1, "Session-based encryption") of the data of a TPM2B:
    /// CFB under a key and IV from KDFa(key, "CFB", nonceNewer, nonceOlder), or XOR with a mask
    /// from KDFa(key, "XOR", nonceNewer, nonceOlder), both in the session's hash (for XOR too,
    /// whatever hash its TPMT_SYM_DEF names, as the reference's CryptParameterEncryption
    /// does). The key is the session key with the authValue of the entity the session
    /// authorizes, if it authorizes one.
    func cipher(_ data: [UInt8], key: [UInt8], nonceNewer: [UInt8], nonceOlder: [UInt8], encrypt: Bool)
        throws(CryptoError) -> [UInt8]
    {
        if symmetric.algorithm == .xor {
            let mask = try KDF.kdfa(
                hash, key: key, label: "XOR", contextU: nonceNewer, contextV: nonceOlder, bits: data.count * 8)
            return zip(data, mask).map { $0 ^ $1 }
        }
        guard let cipher = symmetric.algorithm.symmetricAlgorithm, symmetric.mode == .cfb else {
            throw .unsupported("parameter encryption with \(symmetric.algorithm)")
        }
        let keyBytes = Int(symmetric.keyBits) / 8
        let material = try KDF.kdfa(
            hash, key: key, label: "CFB", contextU: nonceNewer, contextV: nonceOlder,
            bits: (keyBytes + cipher.blockSize) * 8)
        let symmetricKey = Array(material.prefix(keyBytes))
        let iv = Array(material.suffix(cipher.blockSize))
        return encrypt
            ? try SymmetricCipher.encrypt(cipher, mode: .cfb, key: symmetricKey, iv: iv, data: data).output
            : try SymmetricCipher.decrypt(cipher, mode: .cfb, key: symmetricKey, iv: iv, data: data).output
    }
}
