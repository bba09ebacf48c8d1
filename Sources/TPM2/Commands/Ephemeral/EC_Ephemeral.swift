import TPMTypes
import TrustCrypto

/// TPM2_EC_Ephemeral (Part 3 §14.8): the first phase of a two-phase key exchange. Q = [r]G with
/// r the commit-nonce scalar for the next counter (CommitNonces); the TPM keeps only the counter's
/// bit, and TPM2_ZGen_2Phase rederives r from the counter it is given. No key, no authorization.
///
/// Response codes: TPM_RC_CURVE (not a curve the profile implements: parameter 1),
/// TPM_RC_NO_RESULT (no r could be derived).
struct EC_Ephemeral: TPMCommand {
    static let code = TPMCommandCode.ecEphemeral
    static let firstResponseEncryptable = true

    struct Input { var curveID: TPMECCCurve }

    struct Output: TPMCommandOutput {
        var q: ECCPoint
        var counter: UInt16
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeNested { TPMECCPoint(x: q.x, y: q.y).marshal(into: &$0) }
            writer.write(counter)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(curveID: try parameters.parameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        guard tpm.config.curves.contains(input.curveID), let curve = input.curveID.curve, curve.isSupported else {
            throw TPMError(.curve, .parameter(1))
        }
        guard let r = tpm.commits.r(curve: curve, name: [], counter: nil) else { throw TPMError(.noResult) }
        do throws(CryptoError) {
            let q = try ECC.PrivateKey(curve: curve, scalar: r).publicKey.point
            return Output(q: q, counter: tpm.commits.commit())
        } catch {
            throw TPMError(.noResult)
        }
    }
}
