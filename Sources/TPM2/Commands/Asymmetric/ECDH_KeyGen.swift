import TPMTypes
import TrustCrypto

/// TPM2_ECDH_KeyGen (Part 3 §14.4): the caller's half of an ECDH exchange with a loaded ECC
/// public key: a fresh ephemeral key pair (d_e, Q_e) from the TPM's DRBG; returns
/// Z = d_e·Q_key and Q_e. Any ECC key will do and no authorization is needed: only public
/// values are used.
///
/// Response codes: TPM_RC_KEY (not an ECC key, or its public point is not on its curve: handle 1).
extension ECDH_KeyGen: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try tpm.object(handles[0], sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(let point) = key.publicArea.unique,
            case .ecc(_, _, let curveID, _) = key.publicArea.parameters, let curve = curveID.curve
        else {
            throw TPMError(.key, .handle(1))
        }
        do throws(CryptoError) {
            let ephemeral = try ECC.PrivateKey.derive(curve: curve, stream: tpm.random)
            let z = try ECC.multiply(curve: curve, scalar: ephemeral.scalar, point: ECCPoint(x: point.x, y: point.y))
            return Response(zPoint: TPMECCPoint(z), pubPoint: TPMECCPoint(ephemeral.publicKey.point))
        } catch {
            throw TPMError(.key, .handle(1))
        }
    }
}
