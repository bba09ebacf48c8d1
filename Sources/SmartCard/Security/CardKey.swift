import TrustCrypto

/// A key slot of the card: its reference (the P2 or CRT tag 83/84 that names it), the kind of
/// key it holds, and who may use or (re)generate it. Asymmetric slots start empty until
/// GENERATE ASYMMETRIC KEY PAIR fills them.
public struct CardKey: Codable, Equatable, Sendable {
    public var reference: UInt8
    public var kind: Kind
    public var material: Material?
    /// Condition for using the key (PSO, INTERNAL AUTHENTICATE); EXTERNAL AUTHENTICATE keys
    /// are always usable, the challenge is their protection.
    public var useRule: AccessRule
    public var generateRule: AccessRule

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case aes128, aes192, aes256, tdes
        case rsa1024, rsa2048, rsa3072, rsa4096
        case ecP256, ecP384

        var isAsymmetric: Bool { symmetricAlgorithm == nil }

        /// The block cipher of a symmetric key (3DES keys are three 8-byte keys).
        var symmetricAlgorithm: SymmetricAlgorithm? {
            switch self {
            case .aes128, .aes192, .aes256: .aes
            case .tdes: .tdes
            default: nil
            }
        }

        var secretLength: Int? {
            switch self {
            case .aes128: 16
            case .aes192, .tdes: 24
            case .aes256: 32
            default: nil
            }
        }

        var rsaBits: Int? {
            switch self {
            case .rsa1024: 1024
            case .rsa2048: 2048
            case .rsa3072: 3072
            case .rsa4096: 4096
            default: nil
            }
        }

        var curve: ECCCurve? {
            switch self {
            case .ecP256: .nistP256
            case .ecP384: .nistP384
            default: nil
            }
        }
    }

    /// Secret bytes for a symmetric key; for RSA the public key and larger prime (the rest is
    /// recomputed, as TrustCrypto rebuilds a key from one prime); for EC the private scalar.
    public enum Material: Codable, Hashable, Sendable {
        case secret([UInt8])
        case rsa(modulus: [UInt8], exponent: UInt32, prime: [UInt8])
        case ec(scalar: [UInt8])
    }

    /// A key slot; without `material` it stays empty until GENERATE ASYMMETRIC KEY PAIR fills it.
    /// - Parameters:
    ///   - reference: the P2 or CRT tag 83/84 value that names the slot.
    ///   - kind: the kind of key the slot holds.
    ///   - material: the slot's key material; nil for an empty slot.
    ///   - useRule: the condition for using the key (PSO, INTERNAL AUTHENTICATE).
    ///   - generateRule: the condition for generating a key pair into the slot.
    public init(
        reference: UInt8, kind: Kind, material: Material? = nil, useRule: AccessRule = .always,
        generateRule: AccessRule = .always
    ) {
        self.reference = reference
        self.kind = kind
        self.material = material
        self.useRule = useRule
        self.generateRule = generateRule
    }
}

/// A key slot's material as TrustCrypto keys, built once per generation and reused by later commands.
enum LoadedKey {
    case secret([UInt8])
    case rsa(RSA.PrivateKey)
    case ec(ECC.PrivateKey)

    /// The key `material` of a slot of `kind` stands for; CryptoError when they do not fit.
    init(_ material: CardKey.Material, kind: CardKey.Kind) throws(CryptoError) {
        switch material {
        case .secret(let bytes):
            guard bytes.count == kind.secretLength else { throw .invalidKey("secret of the wrong length for the slot") }
            self = .secret(bytes)
        case .rsa(let modulus, let exponent, let prime):
            guard modulus.count * 8 == kind.rsaBits else {
                throw .invalidKey("RSA modulus of the wrong size for the slot")
            }
            self = .rsa(
                try RSA.PrivateKey(publicKey: try RSA.PublicKey(modulus: modulus, exponent: exponent), prime: prime))
        case .ec(let scalar):
            guard let curve = kind.curve else { throw .invalidKey("EC scalar in a slot that is not EC") }
            self = .ec(try ECC.PrivateKey(curve: curve, scalar: scalar))
        }
    }

    /// A fresh key pair of `kind` from TrustCrypto, with the material a slot stores for it.
    static func generate(_ kind: CardKey.Kind) throws(CryptoError) -> (CardKey.Material, LoadedKey) {
        if let bits = kind.rsaBits {
            let key = try RSA.PrivateKey.generate(bits: bits, exponent: 65537)
            return (.rsa(modulus: key.publicKey.modulus, exponent: key.publicKey.exponent, prime: key.prime), .rsa(key))
        }
        if let curve = kind.curve {
            let key = try ECC.PrivateKey.generate(curve: curve)
            return (.ec(scalar: key.scalar), .ec(key))
        }
        throw .invalidKey("a symmetric key is not generated as a key pair")
    }
}
