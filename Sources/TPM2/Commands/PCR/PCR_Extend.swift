import TPMTypes

/// Response codes: TPM_RC_LOCALITY (not extendable from this locality), TPM_RC_HASH (a bank
/// this TPM does not implement: parameter 1).
extension PCR_Extend: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard let pcr = pcrNumber(handles[0]) else { return Response() }
        guard tpm.pcrs.canExtend(pcr, locality: tpm.locality) else { throw TPMError(.locality) }
        for (bank, digest) in input.digests.digests {
            guard tpm.config.supports(bank) else { throw TPMError(.hash, parameter(\.digests)) }
            tpm.pcrs.extend(pcr, bank: bank, digest: digest)
        }
        return Response()
    }
}
