import TPMTypes

/// Response codes: TPM_RC_LOCALITY (not resettable from this locality).
extension PCR_Reset: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let pcr = Int(handles[0])
        guard tpm.pcrs.canReset(pcr, locality: tpm.locality) else { throw TPMError(.locality) }
        tpm.pcrs.reset(pcr)
        return Response()
    }
}
