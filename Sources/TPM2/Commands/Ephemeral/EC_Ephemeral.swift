import TPMTypes
import TrustCrypto

/// TPM2_EC_Ephemeral (Part 3 §19.3): the first phase of a two-phase key exchange. Q = [r]G with
/// r the commit-nonce scalar for the next counter (CommitNonces); the TPM keeps only the counter's
/// bit, and TPM2_ZGen_2Phase rederives r from the counter it is given. No key, no authorization.
///
/// Response codes: TPM_RC_CURVE (not a curve the profile implements: parameter 1),
/// TPM_RC_NO_RESULT (no r could be derived).
extension EC_Ephemeral: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard tpm.config.curves.contains(input.curveID), let curve = input.curveID.curve, curve.isSupported else {
            throw TPMError(.curve, parameter(\.curveID))
        }
        guard let r = tpm.commits.r(curve: curve, name: [], counter: nil) else { throw TPMError(.noResult) }
        do throws(CryptoError) {
            let q = try ECC.PrivateKey(curve: curve, scalar: r).publicKey.point
            return Response(q: TPMECCPoint(q), counter: tpm.commits.commit())
        } catch {
            throw TPMError(.noResult)
        }
    }
}
