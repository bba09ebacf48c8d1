import TPMTypes

/// TPM2_ChangePPS (Part 3 §24.9): a new platform primary seed and proof, invalidating every
/// key derived from the old one; the platform policy and every PCR policy (which platform
/// authorization set) are removed and platform objects flushed, persistent ones too. NV indices
/// the platform created stay (Part 3 §24.10 names objects only).
extension ChangePPS: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        tpm.permanent.platformSeed = tpm.random(tpm.permanent.platformSeed.count)
        tpm.permanent.platformProof = tpm.random(tpm.permanent.platformProof.count)
        tpm.platformPolicy = HierarchyPolicy()
        tpm.permanent.pcrPolicies = [:]
        tpm.flushTransientHierarchy(TPMRH.platform)
        tpm.flushNVHierarchy(TPMRH.platform)
        tpm.primaryCache.removeAll()
        return Response()
    }
}
