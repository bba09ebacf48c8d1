import TPMTypes
import TrustCrypto

/// TPM2_ECC_Decrypt (Part 3 §14.9, Library 1.59): the inverse of TPM2_ECC_Encrypt with a loaded
/// unrestricted ECC decryption key: (x2, y2) = d·C1, M = C2 ⊕ KDF2(x2 ‖ y2), and C3 must equal
/// H(x2 ‖ M ‖ y2) (compared in constant time). A restricted key never decrypts for the caller.
///
/// Response codes: TPM_RC_KEY (not an ECC key: handle 1), TPM_RC_ATTRIBUTES (restricted or no
/// decrypt attribute: handle 1), TPM_RC_SCHEME (no KDF scheme, one differing from the key's, or
/// not KDF2: parameter 4), TPM_RC_HASH (the scheme's hash is not implemented: parameter 4),
/// TPM_RC_KDF (inScheme not a KDF: parameter 4), TPM_RC_SIZE (empty C1: parameter 1),
/// TPM_RC_ECC_POINT (C1 not on the key's curve: parameter 1), TPM_RC_VALUE (C3 does not match,
/// without a culprit as in the reference).
extension ECC_Decrypt: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try tpm.object(handles[0], sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(_, _, let curveID, _) = key.publicArea.parameters,
            let curve = curveID.curve
        else { throw TPMError(.key, .handle(1)) }
        guard !key.attributes.contains(.restricted), key.attributes.contains(.decrypt) else {
            throw TPMError(.attributes, .handle(1))
        }
        let hash = try ECCEncryptionScheme.select(key: key, requested: input.inScheme, schemeNumber: 4, tpm: tpm)
        let c1 = ECCPoint(x: input.c1.x, y: input.c1.y)
        guard ECC.isOnCurve(curve: curve, point: c1) else { throw TPMError(.eccPoint, parameter(\.c1)) }
        _ = try key.requireSensitive()
        let privateKey = try key.eccPrivateKey()
        do throws(CryptoError) {
            return Response(plainText: try privateKey.decryptSM2(c1: c1, c2: input.c2, c3: input.c3, hash: hash))
        } catch {
            throw TPMError(.value)
        }
    }
}
