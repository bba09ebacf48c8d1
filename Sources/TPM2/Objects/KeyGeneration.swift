import TPMTypes
import TrustCrypto

/// Makes the secret half of a new object and fills in its public `unique` field. The random
/// source is the TPM's DRBG for ordinary objects, a KDFa stream over the hierarchy seed for
/// primary objects and one over the parent's secret for derived objects, so the same code
/// gives random keys and deterministic primary and derived keys.
///
/// The TPM makes a keyed-hash or symmetric secret when sensitiveDataOrigin is SET or when the
/// caller gives no data for a key (a derived object, whose sensitiveDataOrigin is CLEAR);
/// sealed data is always the caller's.
enum KeyGeneration {
    static func generate(
        template: TPMPublic, sensitive create: TPMSensitiveCreate,
        random: (Int) -> [UInt8]
    ) throws(TPMError) -> (TPMPublic, TPMSensitive) {
        guard let nameHash = template.nameAlg.hashAlgorithm else { throw TPMError(.hash) }
        var publicArea = template
        let auth = trimmedAuth(create.userAuth)
        let digestSize = nameHash.digestSize
        switch template.parameters {
        case .rsa(_, _, let keyBits, let exponent):
            let key: RSA.PrivateKey
            do {
                key = try RSA.PrivateKey.derive(
                    bits: Int(keyBits), exponent: exponent == 0 ? 65537 : exponent, stream: random)
            } catch { throw TPMError(.keySize) }
            publicArea.unique = .rsa(key.publicKey.modulus)
            let seed = template.isStorageParent ? random(digestSize) : []
            return (publicArea, TPMSensitive(type: .rsa, authValue: auth, seedValue: seed, sensitive: key.prime))
        case .ecc(_, _, let curveID, _):
            guard let curve = curveID.curve else { throw TPMError(.curve) }
            let key: ECC.PrivateKey
            do { key = try ECC.PrivateKey.derive(curve: curve, stream: random) } catch { throw TPMError(.curve) }
            let point = key.publicKey.point
            publicArea.unique = .ecc(TPMECCPoint(x: point.x, y: point.y))
            let seed = template.isStorageParent ? random(digestSize) : []
            return (publicArea, TPMSensitive(type: .ecc, authValue: auth, seedValue: seed, sensitive: key.scalar))
        case .keyedHash(let scheme):
            let makesSecret =
                template.attributes.contains(.sensitiveDataOrigin)
                || (create.data.isEmpty && !template.attributes.isDisjoint(with: [.sign, .decrypt]))
            let hmacSize =
                scheme.algorithm == .hmac ? (scheme.hash.hashAlgorithm?.digestSize ?? digestSize) : digestSize
            let data = makesSecret ? random(hmacSize) : create.data
            let obfuscation = random(digestSize)
            publicArea.unique = .digest(EngineCrypto.digest(nameHash, obfuscation + data))
            return (
                publicArea, TPMSensitive(type: .keyedHash, authValue: auth, seedValue: obfuscation, sensitive: data)
            )
        case .symCipher(let sym):
            let makesSecret = template.attributes.contains(.sensitiveDataOrigin) || create.data.isEmpty
            let key = makesSecret ? symmetricKey(sym, random: random) : create.data
            let obfuscation = random(digestSize)
            publicArea.unique = .digest(EngineCrypto.digest(nameHash, obfuscation + key))
            return (publicArea, TPMSensitive(type: .symcipher, authValue: auth, seedValue: obfuscation, sensitive: key))
        }
    }

    /// A new symmetric key: random bits, except that a TDES key gets odd parity and is drawn again
    /// until it is no weak DES key (the reference implementation's CryptGenerateKeyDes).
    private static func symmetricKey(_ sym: TPMSymmetricDefinition, random: (Int) -> [UInt8]) -> [UInt8] {
        let bytes = Int(sym.keyBits) / 8
        guard sym.algorithm == .tdes else { return random(bytes) }
        while true {
            let key = TDESKey.withOddParity(random(bytes))
            if TDESKey.isValid(key) { return key }
        }
    }

    /// A symmetric key the caller supplies (Create's data, Load, LoadExternal): a TDES key must
    /// pass the DES keying rules (TPM_RC_KEY, the reference's CryptSymKeyValidate).
    static func checkSuppliedKey(_ key: [UInt8], of publicArea: TPMPublic) throws(TPMError) {
        guard case .symCipher(let sym) = publicArea.parameters, sym.algorithm == .tdes else { return }
        guard TDESKey.isValid(key) else { throw TPMError(.key) }
    }

    /// Whether a sensitive area belongs to a public area (TPM_RC_BINDING otherwise).
    static func checkBinding(_ publicArea: TPMPublic, _ sensitive: TPMSensitive) throws(TPMError) {
        guard sensitive.type == publicArea.type else { throw TPMError(.type) }
        switch publicArea.unique {
        case .rsa(let modulus):
            guard case .rsa(_, _, _, let exponent) = publicArea.parameters else { throw TPMError(.binding) }
            do {
                let publicKey = try RSA.PublicKey(modulus: modulus, exponent: exponent == 0 ? 65537 : exponent)
                _ = try RSA.PrivateKey(publicKey: publicKey, prime: sensitive.sensitive)
            } catch { throw TPMError(.binding) }
        case .ecc(let point):
            guard case .ecc(_, _, let curveID, _) = publicArea.parameters, let curve = curveID.curve else {
                throw TPMError(.binding)
            }
            do {
                let key = try ECC.PrivateKey(curve: curve, scalar: sensitive.sensitive)
                guard key.publicKey.point == ECCPoint(x: point.x, y: point.y) else { throw TPMError(.binding) }
            } catch { throw TPMError(.binding) }
        case .digest(let unique):
            guard let hash = publicArea.nameAlg.hashAlgorithm,
                SecureBytes.equal(unique, EngineCrypto.digest(hash, sensitive.seedValue + sensitive.sensitive))
            else { throw TPMError(.binding) }
        }
    }
}

/// A deterministic byte stream for primary objects (Part 3 §24.1.1: keys from the hierarchy's
/// Primary Seed): KDFa blocks in counter mode over seed, "Primary Object Creation", the Name
/// of the template and the caller's sensitive data. Same inputs, same bytes, same key.
final class PrimaryKeyStream {
    private let hash: HashAlgorithm
    private let seed: [UInt8]
    private let context: [UInt8]
    private let extra: [UInt8]
    private var counter: UInt32 = 0
    private var buffer: [UInt8] = []

    init(hash: HashAlgorithm, seed: [UInt8], templateName: [UInt8], sensitiveData: [UInt8]) {
        self.hash = hash
        self.seed = seed
        self.context = templateName
        self.extra = sensitiveData
    }

    func next(_ count: Int) -> [UInt8] {
        while buffer.count < count {
            counter += 1
            var input = TPMWriter()
            input.write(counter)
            input.write(bytes: Array("Primary Object Creation".utf8) + [0])
            input.write(bytes: context)
            input.write(bytes: extra)
            buffer += EngineCrypto.hmac(hash, key: seed, [input.bytes])
        }
        let out = Array(buffer.prefix(count))
        buffer.removeFirst(count)
        return out
    }
}

/// The byte stream a derivation parent feeds key generation with (Part 3 §12.9.1; the reference's
/// KDF-state RAND_STATE in CryptRand.c, DRBG_InstantiateSeededKdf): KDFa(hash of the parent's XOR
/// scheme, the parent's secret, label, context, TPM_MAX_DERIVATION_BITS) read in order. Past that
/// limit it gives nothing, and key generation fails. Same parent, label and context, same bytes.
final class DerivedKeyStream {
    /// TPM_MAX_DERIVATION_BITS.
    static let maxBits = 8192
    private var bytes: ArraySlice<UInt8>

    init(hash: HashAlgorithm, secret: [UInt8], derive: TPMDerive) {
        bytes =
            EngineCrypto.kdfa(
                hash, key: secret, label: derive.label, contextU: derive.context, contextV: [], bits: Self.maxBits)[...]
    }

    func next(_ count: Int) -> [UInt8] {
        guard count <= bytes.count else { return [] }
        let out = Array(bytes.prefix(count))
        bytes.removeFirst(count)
        return out
    }
}
