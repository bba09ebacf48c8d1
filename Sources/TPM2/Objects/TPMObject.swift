import TPMTypes
import TrustCrypto

/// A loaded object (Part 1 §27): its public area, its secret half when the TPM holds one,
/// and the names it is known by. Crypto keys are built once from the sensitive area.
final class TPMObject {
    var publicArea: TPMPublic
    /// nil for an object loaded with only its public area (LoadExternal public key).
    var sensitive: TPMSensitive?
    let name: [UInt8]
    /// The reference's ComputeQualifiedName: QN = H_nameAlg(parent QN || Name).
    var qualifiedName: [UInt8]
    /// The hierarchy the object belongs to (TPM_RH_NULL for external/NULL-hierarchy objects).
    var hierarchy: TPMHandle
    /// Set when loaded from a persistent handle (its evict handle).
    var persistentHandle: TPMHandle?
    /// Part 3 §12.3.1: objects loaded with LoadExternal into a non-NULL hierarchy or with a
    /// private area not produced by this TPM cannot be used for restricted operations.
    var isExternal = false
    var isPrimary = false
    /// Ticket hierarchies: an object made by this TPM, in this hierarchy.
    var creationHierarchy: TPMHandle { hierarchy }

    init(publicArea: TPMPublic, sensitive: TPMSensitive?, hierarchy: TPMHandle, qualifiedName: [UInt8]) {
        self.publicArea = publicArea
        self.sensitive = sensitive
        self.name = publicArea.name
        self.hierarchy = hierarchy
        self.qualifiedName = qualifiedName
    }

    var authValue: [UInt8] { sensitive?.authValue ?? [] }

    /// The secret half, for commands that use it. An object loaded from its public area alone
    /// has none, and so no authValue to authorize its use with: TPM_RC_AUTH_UNAVAILABLE, the
    /// answer a TPM gives when such an object is used with a password or HMAC session.
    func requireSensitive() throws(TPMError) -> TPMSensitive {
        guard let sensitive else { throw TPMError(.authUnavailable) }
        return sensitive
    }

    var attributes: TPMObjectAttributes { publicArea.attributes }

    private var cachedRSA: RSA.PrivateKey?
    private var cachedECC: ECC.PrivateKey?

    /// The RSA private key, built once from the modulus and the stored prime.
    func rsaPrivateKey() throws(TPMError) -> RSA.PrivateKey {
        if let cachedRSA { return cachedRSA }
        guard let sensitive, case .rsa(let modulus) = publicArea.unique,
            case .rsa(_, _, _, let exponent) = publicArea.parameters
        else { throw TPMError(.key) }
        do {
            let publicKey = try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent)
            let key = try RSA.PrivateKey(publicKey: publicKey, prime: sensitive.sensitive)
            cachedRSA = key
            return key
        } catch { throw TPMError(.binding) }
    }

    func rsaPublicKey() throws(TPMError) -> RSA.PublicKey {
        guard case .rsa(let modulus) = publicArea.unique,
            case .rsa(_, _, _, let exponent) = publicArea.parameters
        else { throw TPMError(.key) }
        do { return try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent) } catch {
            throw TPMError(.key)
        }
    }

    func eccPrivateKey() throws(TPMError) -> ECC.PrivateKey {
        if let cachedECC { return cachedECC }
        guard let sensitive, case .ecc(_, _, let curveID, _) = publicArea.parameters,
            let curve = curveID.curve
        else { throw TPMError(.key) }
        do {
            let key = try ECC.PrivateKey(curve: curve, scalar: sensitive.sensitive)
            cachedECC = key
            return key
        } catch { throw TPMError(.binding) }
    }

    func eccPublicKey() throws(TPMError) -> ECC.PublicKey {
        guard case .ecc(let point) = publicArea.unique, case .ecc(_, _, let curveID, _) = publicArea.parameters,
            let curve = curveID.curve
        else { throw TPMError(.key) }
        do { return try ECC.PublicKey(curve: curve, point: ECCPoint(x: point.x, y: point.y)) } catch {
            throw TPMError(.eccPoint)
        }
    }

    /// The hash of the object's name algorithm (objects with nameAlg NULL have none).
    var nameHash: HashAlgorithm? { publicArea.nameAlg.hashAlgorithm }

    /// Part 1 §16: QN = nameAlg || H_nameAlg(parent's QN || Name), where a hierarchy's QN is its
    /// handle. An object without a name algorithm has only its (empty) Name.
    static func qualifiedName(of publicArea: TPMPublic, parentQualifiedName: [UInt8]) -> [UInt8] {
        guard let hash = publicArea.nameAlg.hashAlgorithm else { return publicArea.name }
        return publicArea.nameAlg.marshalled + EngineCrypto.digest(hash, parentQualifiedName + publicArea.name)
    }
}

/// A hash, HMAC or event sequence (Part 1 §32): occupies a transient slot like an object.
final class HashSequence {
    enum Kind {
        case hash(HashContext)
        /// HMAC or CMAC sequences (TPM2_MAC_Start).
        case mac(any MACContext)
        /// Event sequences hash every allocated PCR bank at once.
        case event([TPMAlgorithm: HashContext])
    }

    var kind: Kind
    var authValue: [UInt8]
    /// For hash sequences, whether the data so far may begin with TPM_GENERATED_VALUE, so a
    /// ticket must not be issued (Part 3 §17.6: the hashcheck ticket is withheld then).
    var firstBlock = true
    var mayBeGeneratedValue = false

    init(kind: Kind, authValue: [UInt8]) {
        self.kind = kind
        self.authValue = authValue
    }

    /// Adds data to every digest the sequence keeps. For a hash sequence the first block decides
    /// whether a ticket may be issued: one shorter than TPM_GENERATED_VALUE, or starting with it,
    /// may be the start of a structure the TPM signs, so no ticket (Part 3 §17.5–17.6, as the
    /// reference implementation's TicketIsSafe reads it).
    func update(_ data: [UInt8]) {
        switch kind {
        case .hash(let context):
            if firstBlock {
                firstBlock = false
                mayBeGeneratedValue =
                    data.count < HashCommand.generatedValue.count || data.starts(with: HashCommand.generatedValue)
            }
            context.update(data)
        case .mac(let context):
            context.update(data)
        case .event(let contexts):
            for context in contexts.values { context.update(data) }
        }
    }

    /// An independent sequence in the same state: what a saved context holds, since the
    /// sequence itself stays loaded after ContextSave and goes on changing.
    func copy() -> HashSequence {
        let copiedKind: Kind
        switch kind {
        case .hash(let context): copiedKind = .hash(context.copy())
        case .mac(let context): copiedKind = .mac(context.copy())
        case .event(let contexts): copiedKind = .event(contexts.mapValues { $0.copy() })
        }
        let copied = HashSequence(kind: copiedKind, authValue: authValue)
        copied.firstBlock = firstBlock
        copied.mayBeGeneratedValue = mayBeGeneratedValue
        return copied
    }
}

/// What a transient handle refers to.
enum LoadedEntity {
    case object(TPMObject)
    case sequence(HashSequence)
}
