import TPMTypes
import TrustCrypto

/// TPM2_ZGen_2Phase (Part 3 §14.7): the second phase of a two-phase key exchange with keyA's
/// static scalar dsA and the ephemeral scalar deA that TPM2_EC_Ephemeral committed to under
/// `counter`. For TPM_ALG_ECDH (SP 800-56A Full Unified Model): Z1 = [dsA]QsB, Z2 = [deA]QeB.
/// For TPM_ALG_ECMQV (SP 800-56A MQV, C(2e, 2s)): Z1 = h·tA·(QeB + avf(QeB)·QsB) with
/// tA = deA + avf(QeA)·dsA mod n, and Z2 is empty, as in the reference implementation.
/// For TPM_ALG_SM2 (GM/T 0003.3): Z1 = [h·tA](QsB + [x̄(QeB)]QeB) with tA = dsA + x̄(QeA)·deA
/// mod n and x̄ the SM2 associate value, Z2 empty (the reference's SM2KeyExchange); the shared
/// key KDF(Z1 ‖ ZA ‖ ZB) is the caller's step. A success uses up the counter.
///
/// Response codes: TPM_RC_KEY (not an ECC key: handle 1), TPM_RC_ATTRIBUTES (restricted or no
/// decrypt attribute: handle 1), TPM_RC_SCHEME (inScheme not a key-exchange scheme the TPM
/// implements, differing from keyA's non-NULL scheme, or NULL with keyA's NULL: parameter 3),
/// TPM_RC_ECC_POINT (inQsB or inQeB not on keyA's curve: parameter 1 or 2), TPM_RC_SIZE (an
/// empty point: parameter 1 or 2), TPM_RC_VALUE (counter names no unused commitment:
/// parameter 4), TPM_RC_NO_RESULT (a product is the point at infinity).
extension ZGen_2Phase: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        // The interface type refuses a scheme the TPM does not implement as it is read.
        guard tpm.config.algorithms.contains(input.inScheme) else { throw TPMError(.scheme, parameter(\.inScheme)) }
        let key = try tpm.object(handles[0], sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(_, let keyScheme, let curveID, _) = key.publicArea.parameters,
            let curve = curveID.curve
        else { throw TPMError(.key, .handle(1)) }
        guard !key.attributes.contains(.restricted), key.attributes.contains(.decrypt) else {
            throw TPMError(.attributes, .handle(1))
        }
        // keyA's scheme, if it has one, is the only one allowed; with none, the caller must name one.
        let keyAlgorithm = keyScheme.algorithm
        guard keyAlgorithm == .null || keyAlgorithm == input.inScheme, input.inScheme != .null else {
            throw TPMError(.scheme, parameter(\.inScheme))
        }
        let qsB = ECCPoint(x: input.inQsB.x, y: input.inQsB.y)
        let qeB = ECCPoint(x: input.inQeB.x, y: input.inQeB.y)
        guard ECC.isOnCurve(curve: curve, point: qsB) else { throw TPMError(.eccPoint, parameter(\.inQsB)) }
        guard ECC.isOnCurve(curve: curve, point: qeB) else { throw TPMError(.eccPoint, parameter(\.inQeB)) }
        guard let r = tpm.commits.r(curve: curve, name: [], counter: input.counter) else {
            throw TPMError(.value, parameter(\.counter))
        }
        _ = try key.requireSensitive()
        let staticKey = try key.eccPrivateKey()
        let z1: ECCPoint
        let z2: ECCPoint
        do throws(CryptoError) {
            switch input.inScheme {
            case .ecmqv:
                z1 = try staticKey.mqvSharedPoint(ephemeral: r, peerStatic: qsB, peerEphemeral: qeB)
                z2 = ECCPoint(x: [], y: [])
            case .sm2:
                z1 = try staticKey.sm2KeyExchangePoint(ephemeral: r, peerStatic: qsB, peerEphemeral: qeB)
                z2 = ECCPoint(x: [], y: [])
            default:
                z1 = try staticKey.sharedPoint(with: qsB)
                z2 = try ECC.PrivateKey(curve: curve, scalar: r).sharedPoint(with: qeB)
            }
        } catch {
            throw TPMError(.noResult)
        }
        tpm.commits.end(input.counter)
        return Response(outZ1: TPMECCPoint(z1), outZ2: TPMECCPoint(z2))
    }
}
