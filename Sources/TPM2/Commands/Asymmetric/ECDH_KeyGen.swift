import TPMTypes
import TrustCrypto

/// TPM2_ECDH_KeyGen (Part 3 §14.4): the caller's half of an ECDH exchange with a loaded ECC
/// public key: a fresh ephemeral key pair (d_e, Q_e) from the TPM's DRBG; returns
/// Z = d_e·Q_key and Q_e. Any ECC key will do and no authorization is needed: only public
/// values are used.
///
/// Response codes: TPM_RC_KEY (not an ECC key, or its public point is not on its curve: handle 1).
struct ECDH_KeyGen: TPMCommand {
    static let code = TPMCommandCode.ecdhKeyGen
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.object]
    static let firstResponseEncryptable = true

    struct Input { var key: TPMHandle }

    struct Output: TPMCommandOutput {
        var zPoint: ECCPoint
        var pubPoint: ECCPoint
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeNested { TPMECCPoint(x: zPoint.x, y: zPoint.y).marshal(into: &$0) }
            writer.writeNested { TPMECCPoint(x: pubPoint.x, y: pubPoint.y).marshal(into: &$0) }
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let key = try tpm.object(input.key, sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(let point) = key.publicArea.unique,
              case .ecc(_, _, let curveID, _) = key.publicArea.parameters, let curve = curveID.curve else {
            throw TPMError(.key, .handle(1))
        }
        do throws(CryptoError) {
            let ephemeral = try ECC.PrivateKey.derive(curve: curve, stream: tpm.random)
            let z = try ECC.multiply(curve: curve, scalar: ephemeral.scalar, point: ECCPoint(x: point.x, y: point.y))
            return Output(zPoint: z, pubPoint: ephemeral.publicKey.point)
        } catch {
            throw TPMError(.key, .handle(1))
        }
    }
}
