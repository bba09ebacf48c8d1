import TPMTypes

/// TPM2_ChangeEPS (Part 3 §24.10): a new endorsement primary seed and proof, invalidating
/// every key derived from the old one (the EK among them); the endorsement authValue and
/// policy are removed and its loaded and persistent objects flushed. Platform authorization.
struct ChangeEPS: TPMCommand {
    static let code = TPMCommandCode.changeEPS
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        return NoInput()
    }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.permanent.endorsementSeed = tpm.random(tpm.permanent.endorsementSeed.count)
        tpm.permanent.endorsementProof = tpm.random(tpm.permanent.endorsementProof.count)
        tpm.permanent.endorsementEnabled = true
        tpm.permanent.endorsementAuth = []
        tpm.permanent.endorsementPolicy = HierarchyPolicy()
        tpm.flushTransientHierarchy(TPMRH.endorsement)
        tpm.flushNVHierarchy(TPMRH.endorsement)
        tpm.primaryCache.removeAll()
        return NoOutput()
    }
}
