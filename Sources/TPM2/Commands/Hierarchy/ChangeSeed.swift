/// TPM2_ChangeEPS and TPM2_ChangePPS (Part 3 §24.9, §24.10): a new primary seed and proof
/// for the endorsement or platform hierarchy, invalidating every key derived from the old
/// one; its authorization policy is removed (and for endorsement its authValue), its loaded
/// and persistent objects are flushed, and for platform its NV indices are deleted and every
/// PCR policy (which platform authorization set) is removed.
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
        tpm.permanentChanged = true
        return NoOutput()
    }
}

struct ChangePPS: TPMCommand {
    static let code = TPMCommandCode.changePPS
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> NoInput {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        return NoInput()
    }

    static func execute(_ input: NoInput, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        tpm.permanent.platformSeed = tpm.random(tpm.permanent.platformSeed.count)
        tpm.permanent.platformProof = tpm.random(tpm.permanent.platformProof.count)
        tpm.platformPolicy = HierarchyPolicy()
        tpm.permanent.pcrPolicies = [:]
        tpm.flushTransientHierarchy(TPMRH.platform)
        tpm.flushNVHierarchy(TPMRH.platform)
        tpm.primaryCache.removeAll()
        tpm.permanentChanged = true
        return NoOutput()
    }
}
