import TPMTypes
import TrustCrypto

/// TPM2_ECDH_ZGen (Part 3 §14.5): the TPM's half of an ECDH exchange: d_key·inPoint with the
/// private scalar of a loaded unrestricted ECC decryption key whose scheme is ECDH or open.
/// The peer's point is checked to be on the key's curve first, so the product cannot leak
/// the scalar through a small-subgroup or invalid-curve point.
///
/// Response codes: TPM_RC_KEY (not an ECC key: handle 1), TPM_RC_ATTRIBUTES (restricted or no
/// decrypt attribute: handle 1), TPM_RC_SCHEME (scheme neither ECDH nor NULL: handle 1),
/// TPM_RC_ECC_POINT (inPoint not on the curve: parameter 1), TPM_RC_SIZE (empty inPoint:
/// parameter 1), TPM_RC_NO_RESULT (the product is the point at infinity).
extension ECDH_ZGen: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try tpm.object(handles[0], sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(_, let scheme, let curveID, _) = key.publicArea.parameters,
            let curve = curveID.curve
        else { throw TPMError(.key, .handle(1)) }
        guard !key.attributes.contains(.restricted), key.attributes.contains(.decrypt) else {
            throw TPMError(.attributes, .handle(1))
        }
        guard scheme.algorithm == .ecdh || scheme.algorithm == .null else { throw TPMError(.scheme, .handle(1)) }
        let peer = ECCPoint(x: input.inPoint.x, y: input.inPoint.y)
        guard ECC.isOnCurve(curve: curve, point: peer) else { throw TPMError(.eccPoint, parameter(\.inPoint)) }
        _ = try key.requireSensitive()
        let privateKey = try key.eccPrivateKey()
        do throws(CryptoError) {
            return Response(outPoint: TPMECCPoint(try privateKey.sharedPoint(with: peer)))
        } catch {
            throw TPMError(.noResult)
        }
    }
}
