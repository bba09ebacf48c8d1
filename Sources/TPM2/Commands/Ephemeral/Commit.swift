import TPMTypes
import TrustCrypto

/// TPM2_Commit (Part 3 §19.2): the first phase of an anonymous (ECDAA) signature. With r the
/// commit-nonce scalar for the next counter, derived under the key's Name (CommitNonces):
/// P2 = (H_nameAlg(s2) mod p, y2) when s2 and y2 are given, K = [ds]P2, L = [r]P2; E = [r]P1 when
/// P1 is given, or [r]G when neither P1 nor P2 is. The counter's bit records the commitment for
/// the signing phase.
///
/// Response codes: TPM_RC_KEY (not an ECC key, or P2 asked of a key without its private part:
/// handle 1), TPM_RC_SCHEME (the key's scheme is not an anonymous one: handle 1), TPM_RC_SIZE
/// (only one of s2 and y2 given: parameter 3), TPM_RC_ECC_POINT (P2 not on the curve:
/// parameter 2; P1 not on the curve: parameter 1), TPM_RC_NO_RESULT (no r could be derived, or
/// a product is the point at infinity).
extension Commit: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try tpm.object(handles[0], sequenceCode: .key)
        guard key.publicArea.type == .ecc, case .ecc(_, let scheme, let curveID, _) = key.publicArea.parameters else {
            throw TPMError(.key, .handle(1))
        }
        // ECDAA is the only anonymous scheme (Part 3 §19.2.1).
        guard scheme.algorithm == .ecdaa else { throw TPMError(.scheme, .handle(1)) }
        guard input.s2.isEmpty == input.y2.isEmpty else { throw TPMError(.size, parameter(\.y2)) }
        guard let curve = curveID.curve, curve.isSupported else { throw TPMError(.key, .handle(1)) }
        guard let r = tpm.commits.r(curve: curve, name: key.name, counter: nil) else { throw TPMError(.noResult) }

        var p2: ECCPoint?
        if !input.s2.isEmpty {
            guard let hash = key.nameHash else { throw TPMError(.hash, .handle(1)) }
            let x2: [UInt8]
            do throws(CryptoError) {
                x2 = try ECC.fieldElement(curve: curve, from: EngineCrypto.digest(hash, input.s2))
            } catch { throw TPMError(.noResult) }
            let point = ECCPoint(x: x2, y: input.y2)
            guard ECC.isOnCurve(curve: curve, point: point) else { throw TPMError(.eccPoint, parameter(\.s2)) }
            guard key.sensitive != nil else { throw TPMError(.key, .handle(1)) }
            p2 = point
        }
        var p1: ECCPoint?
        if let given = input.p1 {
            let point = ECCPoint(x: given.x, y: given.y)
            guard ECC.isOnCurve(curve: curve, point: point) else { throw TPMError(.eccPoint, parameter(\.p1)) }
            p1 = point
        }

        let signingKey = p2 == nil ? nil : try key.eccPrivateKey()
        do throws(CryptoError) {
            let ephemeral = try ECC.PrivateKey(curve: curve, scalar: r)
            var k: ECCPoint?
            var l: ECCPoint?
            if let p2, let signingKey {
                k = try signingKey.sharedPoint(with: p2)
                l = try ephemeral.sharedPoint(with: p2)
            }
            let e: ECCPoint
            if let p1 {
                e = try ephemeral.sharedPoint(with: p1)
            } else if p2 == nil {
                e = ephemeral.publicKey.point
            } else {
                e = ECCPoint(x: [], y: [])
            }
            return Response(k: TPMECCPoint(k), l: TPMECCPoint(l), e: TPMECCPoint(e), counter: tpm.commits.commit())
        } catch {
            throw TPMError(.noResult)
        }
    }
}
