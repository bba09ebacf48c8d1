import TPMTypes

/// TPM2_Clear (Part 3 §24.6): removes the owner. New storage seed and proofs (so every
/// owner and endorsement key made before is gone), empty owner/endorsement/lockout
/// authorizations and policies, owner NV indices and persistent objects deleted, both
/// hierarchies enabled, Clock and the reset counters back to zero, dictionary-attack state
/// back to its defaults, PCR auth values removed. Platform NV indices, PCR policies (the
/// platform's) and the endorsement seed stay.
///
/// Response codes: TPM_RC_DISABLED (ClearControl disabled it), TPM_RC_VALUE (authorized by
/// neither lockout nor platform: handle 1).
extension Clear: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard !tpm.permanent.disableClear else { throw TPMError(.disabled) }
        var state = tpm.permanent
        state.storageSeed = tpm.random(state.storageSeed.count)
        state.ownerProof = tpm.random(state.ownerProof.count)
        state.endorsementProof = tpm.random(state.endorsementProof.count)
        state.ownerEnabled = true
        state.endorsementEnabled = true
        state.ownerAuth = []
        state.endorsementAuth = []
        state.lockoutAuth = []
        state.ownerPolicy = HierarchyPolicy()
        state.endorsementPolicy = HierarchyPolicy()
        state.lockoutPolicy = HierarchyPolicy()
        state.dictionaryAttack = TPMEngineState.manufacture(config: tpm.config).dictionaryAttack
        state.resetCount = 0
        state.restartCount = 0
        tpm.permanent = state

        tpm.flushTransientHierarchy(TPMRH.owner)
        tpm.flushTransientHierarchy(TPMRH.endorsement)
        tpm.flushNVHierarchy(TPMRH.owner)
        tpm.flushNVHierarchy(TPMRH.endorsement)
        tpm.primaryCache.removeAll()
        tpm.pcrs.authValues = [:]
        tpm.pcrs.noteUpdate()
        tpm.resetClock()
        return Response()
    }
}
