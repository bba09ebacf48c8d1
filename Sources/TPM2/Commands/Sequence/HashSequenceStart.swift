import TPMTypes
import TrustCrypto

/// TPM2_HashSequenceStart (Part 3 §17.4): starts a hash sequence, or with TPM_ALG_NULL an event
/// sequence that digests the data with every implemented hash for EventSequenceComplete.
///
/// Response codes: TPM_RC_HASH (not an implemented hash: parameter 2), TPM_RC_SIZE (auth longer
/// than a digest: parameter 1), TPM_RC_OBJECT_MEMORY.
extension HashSequenceStart: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let kind: HashSequence.Kind
        if input.hashAlg == .null {
            var banks: [TPMAlgorithm: HashContext] = [:]
            for alg in tpm.config.hashAlgorithms {
                if let hash = alg.hashAlgorithm { banks[alg] = try EngineCrypto.hashContext(hash) }
            }
            kind = .event(banks)
        } else {
            guard let hash = tpm.admittedHash(input.hashAlg) else { throw TPMError(.hash, parameter(\.hashAlg)) }
            kind = .hash(try EngineCrypto.hashContext(hash))
        }
        return Response(
            sequenceHandle: try tpm.addTransient(.sequence(HashSequence(kind: kind, authValue: input.auth))))
    }
}
