import TPMTypes

/// Response codes: TPM_RC_LOCALITY (not extendable from this locality).
extension PCR_Event: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let pcr = pcrNumber(handles[0])
        if let pcr, !tpm.pcrs.canExtend(pcr, locality: tpm.locality) { throw TPMError(.locality) }
        var digests: [(TPMAlgorithm, [UInt8])] = []
        for alg in tpm.config.hashAlgorithms {
            guard let hash = alg.hashAlgorithm else { continue }
            let digest = EngineCrypto.digest(hash, input.eventData)
            digests.append((alg, digest))
            if let pcr { tpm.pcrs.extend(pcr, bank: alg, digest: digest) }
        }
        return Response(digests: TPMDigestValues(digests))
    }
}
