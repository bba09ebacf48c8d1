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

    public enum Kind: String, Codable, Sendable {
        case aes128, rsa2048, ecP256
        var isAsymmetric: Bool { self != .aes128 }
    }

    /// Secret bytes for a symmetric key; for RSA the public key and larger prime (the rest is
    /// recomputed, as TrustCrypto rebuilds a key from one prime); for EC the private scalar.
    public enum Material: Codable, Equatable, Sendable {
        case secret([UInt8])
        case rsa(modulus: [UInt8], exponent: UInt32, prime: [UInt8])
        case ec(scalar: [UInt8])
    }

    public init(reference: UInt8, kind: Kind, material: Material? = nil, useRule: AccessRule = .always,
                generateRule: AccessRule = .always) {
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

    init(_ material: CardKey.Material) throws(CryptoError) {
        switch material {
        case .secret(let bytes): self = .secret(bytes)
        case .rsa(let modulus, let exponent, let prime):
            self = .rsa(try RSA.PrivateKey(publicKey: try RSA.PublicKey(modulus: modulus, exponent: exponent), prime: prime))
        case .ec(let scalar): self = .ec(try ECC.PrivateKey(curve: .nistP256, scalar: scalar))
        }
    }
}
