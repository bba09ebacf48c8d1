import TPM2

/// The two default endorsement keys of the TCG EK Credential Profile (2.x §B.3.3, templates L-1
/// and L-2): what tpm2_createek and every attestation verifier derive, and where the TPM
/// manufacturer leaves each key's certificate (the low range of §2.2.1.4).
public enum EndorsementKeyKind: String, CaseIterable, Sendable {
    case rsa2048 = "RSA 2048"
    case eccP256 = "ECC NIST P-256"

    /// NV index of the EK certificate.
    public var certificateIndex: TPMHandle {
        switch self {
        case .rsa2048: return 0x01C0_0002
        case .eccP256: return 0x01C0_000A
        }
    }

    /// PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256: the EK is used under the endorsement
    /// hierarchy's authorization, never with an authValue of its own.
    static let policyA: [UInt8] = [
        0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC, 0x8D, 0x46, 0xA5, 0xD7, 0x24,
        0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52, 0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA,
    ]

    /// A restricted decryption key whose only authorization is policyA; the unique field is
    /// zero-filled to the key size, as the profile asks.
    public var template: TPMPublic {
        let attributes: TPMObjectAttributes = [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .adminWithPolicy,
                                               .restricted, .decrypt]
        let aes128CFB = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)
        switch self {
        case .rsa2048:
            return TPMPublic(type: .rsa, nameAlg: .sha256, attributes: attributes, authPolicy: Self.policyA,
                             parameters: .rsa(symmetric: aes128CFB, scheme: .null, keyBits: 2048, exponent: 0),
                             unique: .rsa([UInt8](repeating: 0, count: 256)))
        case .eccP256:
            return TPMPublic(type: .ecc, nameAlg: .sha256, attributes: attributes, authPolicy: Self.policyA,
                             parameters: .ecc(symmetric: aes128CFB, scheme: .null, curve: .nistP256, kdf: .null),
                             unique: .ecc(TPMECCPoint(x: [UInt8](repeating: 0, count: 32), y: [UInt8](repeating: 0, count: 32))))
        }
    }
}
