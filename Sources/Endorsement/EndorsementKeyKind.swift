import Profiles
import TPM2
import TPMTypes

/// The endorsement keys a TPM's factory certifies: the two defaults of the TCG EK Credential
/// Profile (2.x §B.3.3, templates L-1 and L-2) and the SM2 P-256 EK of a TCM 2.0 (high range,
/// H-5). Each is what tpm2_createek derives for its name, and each certificate sits where the
/// profile says (the low range of §2.2.1.4, 0x01C0001A for SM2).
public enum EndorsementKeyKind: String, CaseIterable, Sendable {
    case rsa2048 = "RSA 2048"
    case eccP256 = "ECC NIST P-256"
    case eccSM2P256 = "ECC SM2 P-256"

    /// What a TPM profile without an `endorsementKeys` list gets.
    public static let defaults: [EndorsementKeyKind] = [.rsa2048, .eccP256]

    /// The spelling of `tpm2_createek -G` and of a profile's `endorsementKeys`.
    public var toolName: String {
        switch self {
        case .rsa2048: return "rsa2048"
        case .eccP256: return "ecc_nist_p256"
        case .eccSM2P256: return "ecc_sm2_p256"
        }
    }

    /// The kinds `profile` asks for; `.certificate` names an unknown one.
    /// - Parameter profile: the hardware profile whose `tpm.endorsementKeys` names the kinds.
    /// - Returns: the kinds in the profile's order, or `defaults` when it has no `endorsementKeys` list.
    public static func kinds(for profile: HardwareProfile) throws(ProvisioningError) -> [EndorsementKeyKind] {
        guard let names = profile.tpm?.endorsementKeys else { return defaults }
        var kinds: [EndorsementKeyKind] = []
        for name in names {
            guard let kind = allCases.first(where: { $0.toolName == name }) else {
                throw .certificate(
                    "profile \(profile.name) lists endorsement key \(name); use rsa2048, ecc_nist_p256 or ecc_sm2_p256")
            }
            kinds.append(kind)
        }
        return kinds
    }

    /// NV index of the EK certificate.
    public var certificateIndex: TPMHandle {
        switch self {
        case .rsa2048: return 0x01C0_0002
        case .eccP256: return 0x01C0_000A
        case .eccSM2P256: return 0x01C0_001A
        }
    }

    /// PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256: the EK is used under the endorsement
    /// hierarchy's authorization, never with an authValue of its own.
    static let policyA: [UInt8] = [
        0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xB3, 0xF8, 0x1A, 0x90, 0xCC, 0x8D, 0x46, 0xA5, 0xD7, 0x24,
        0xFD, 0x52, 0xD7, 0x6E, 0x06, 0x52, 0x0B, 0x64, 0xF2, 0xA1, 0xDA, 0x1B, 0x33, 0x14, 0x69, 0xAA,
    ]

    /// PolicyB with SM3-256 (EK Credential Profile B.6): PolicyOR of PolicySecret(TPM_RH_ENDORSEMENT)
    /// and the NV policy index branch, the value tpm2_createek puts in its ecc_sm2_p256 template.
    static let policyBSM3: [UInt8] = [
        0x16, 0x78, 0x60, 0xA3, 0x5F, 0x2C, 0x5C, 0x35, 0x67, 0xF9, 0xC9, 0x27, 0xAC, 0x56, 0xC0, 0x32,
        0xF3, 0xB3, 0xA6, 0x46, 0x2F, 0x8D, 0x03, 0x79, 0x98, 0xE7, 0xA1, 0x0F, 0x77, 0xFA, 0x45, 0x4A,
    ]

    /// A restricted decryption key whose only authorization is its policy. The low-range
    /// templates zero-fill the unique field to the key size; the SM2 EK is the high-range H-5
    /// template (SM3-256 Name, SM4-128 CFB, userWithAuth with policyB) whose unique field is
    /// empty, as tpm2_createek 5.4 sends it (later tpm2-tools zero-fill it, which gives another key).
    public var template: TPMPublic {
        let attributes: TPMObjectAttributes = [
            .fixedTPM, .fixedParent, .sensitiveDataOrigin, .adminWithPolicy,
            .restricted, .decrypt,
        ]
        let aes128CFB = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)
        let zeroPoint = TPMECCPoint(x: [UInt8](repeating: 0, count: 32), y: [UInt8](repeating: 0, count: 32))
        switch self {
        case .rsa2048:
            return TPMPublic(
                type: .rsa, nameAlg: .sha256, attributes: attributes, authPolicy: Self.policyA,
                parameters: .rsa(symmetric: aes128CFB, scheme: .null, keyBits: 2048, exponent: 0),
                unique: .rsa([UInt8](repeating: 0, count: 256)))
        case .eccP256:
            return TPMPublic(
                type: .ecc, nameAlg: .sha256, attributes: attributes, authPolicy: Self.policyA,
                parameters: .ecc(symmetric: aes128CFB, scheme: .null, curve: .nistP256, kdf: .null),
                unique: .ecc(zeroPoint))
        case .eccSM2P256:
            return TPMPublic(
                type: .ecc, nameAlg: .sm3_256, attributes: attributes.union(.userWithAuth), authPolicy: Self.policyBSM3,
                parameters: .ecc(
                    symmetric: TPMSymmetricDefinition(.sm4, keyBits: 128, mode: .cfb), scheme: .null,
                    curve: .sm2P256, kdf: .null),
                unique: .ecc(TPMECCPoint()))
        }
    }

}
