import TPMTypes

/// TPM2_ChangeEPS (Part 3 §24.10): a new endorsement primary seed and proof, invalidating
/// every key derived from the old one (the EK among them); the endorsement authValue and
/// policy are removed and its loaded and persistent objects flushed. Platform authorization.
extension ChangeEPS: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.permanent.endorsementSeed = tpm.random(tpm.permanent.endorsementSeed.count)
        tpm.permanent.endorsementProof = tpm.random(tpm.permanent.endorsementProof.count)
        tpm.permanent.endorsementEnabled = true
        tpm.permanent.endorsementAuth = []
        tpm.permanent.endorsementPolicy = HierarchyPolicy()
        tpm.flushTransientHierarchy(TPMRH.endorsement)
        tpm.flushNVHierarchy(TPMRH.endorsement)
        tpm.primaryCache.removeAll()
        return Response()
    }
}
