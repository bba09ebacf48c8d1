import TPMTypes
import TrustCrypto

/// TPM2_ECC_Parameters (Part 3 §14.6): the domain parameters of an implemented curve as
/// TPMS_ALGORITHM_DETAIL_ECC, with the KDF and signing scheme the TPM pairs with it (the
/// reference implementation's curve table: KDF1 SP800-56A with the curve's hash for NIST and
/// SM2 curves (SHA-256 for P-192 and P-224, as libtpms reports), none for BN; no default signing scheme).
///
/// Response codes: TPM_RC_CURVE (not a curve the profile implements: parameter 1).
extension ECC_Parameters: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard tpm.config.curves.contains(input.curveID), let curve = input.curveID.curve, curve.isSupported else {
            throw TPMError(.curve, parameter(\.curveID))
        }
        let (bits, kdfHash): (UInt16, TPMAlgorithm?) =
            switch curve {
            case .nistP192: (192, .sha256)
            case .nistP224: (224, .sha256)
            case .nistP256: (256, .sha256)
            case .nistP384: (384, .sha384)
            case .nistP521: (521, .sha512)
            case .bnP256: (256, nil)
            case .bnP638: (638, nil)
            case .sm2P256: (256, .sm3_256)
            }
        let kdf = kdfHash.map { TPMScheme(.kdf1_sp800_56a, hash: $0) } ?? .null
        let parameters = try EngineCrypto.parameters(of: curve)
        return Response(
            curveID: input.curveID, keySize: bits, kdf: kdf, sign: .null, p: parameters.p, a: parameters.a,
            b: parameters.b,
            gX: parameters.gX, gY: parameters.gY, n: parameters.n, h: parameters.h)
    }
}
