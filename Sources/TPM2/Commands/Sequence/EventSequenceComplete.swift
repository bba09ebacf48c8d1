import TPMTypes
import TrustCrypto

/// TPM2_EventSequenceComplete (Part 3 §17.7): adds the last data to an event sequence,
/// extends each allocated bank of the PCR (none for TPM_RH_NULL) with that bank's digest,
/// returns the digests of every implemented hash, and flushes the sequence. Both handles need
/// authorization: the PCR's, and the sequence's own.
///
/// Response codes: TPM_RC_VALUE (not a PCR or TPM_RH_NULL: handle 1), TPM_RC_LOCALITY (the PCR
/// cannot be extended from this locality), TPM_RC_MODE (not an event sequence: handle 2).
extension EventSequenceComplete: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard case .sequence(let sequence)? = tpm.transients[handles[1]] else {
            _ = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
            throw TPMError(.mode, .handle(2))
        }
        guard case .event(let banks) = sequence.kind else { throw TPMError(.mode, .handle(2)) }
        let pcr = pcrNumber(handles[0])
        if let pcr, !tpm.pcrs.canExtend(pcr, locality: tpm.locality) { throw TPMError(.locality) }
        sequence.update(input.buffer)
        var digests: [(TPMAlgorithm, [UInt8])] = []
        for alg in banks.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let context = banks[alg] else { continue }
            let digest = context.finalize()
            digests.append((alg, digest))
            if let pcr { tpm.pcrs.extend(pcr, bank: alg, digest: digest) }
        }
        tpm.transients[handles[1]] = nil
        return Response(results: TPMDigestValues(digests))
    }
}
