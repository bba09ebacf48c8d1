import TPMTypes

/// TPM2_Startup (Part 3 §9.3). After _TPM_Init:
/// - CLEAR after Shutdown(CLEAR) or none: TPM Reset (new null seed, resetCount + 1).
/// - CLEAR after Shutdown(STATE): TPM Restart (PCRs reset, restartCount + 1).
/// - STATE after Shutdown(STATE): TPM Resume (PCRs restored, restartCount + 1).
///
/// Response codes: TPM_RC_INITIALIZE (already started), TPM_RC_VALUE (STATE with nothing
/// saved: parameter 1), TPM_RC_LOCALITY (locality above 0 is not a platform startup here).
extension Startup: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard !tpm.started else { throw TPMError(.initialize) }
        var saved: VolatileImage?
        if let blob = tpm.permanent.savedState {
            saved = try? VolatileImage.decode(blob)
        }
        // A new PCR allocation needs a TPM Reset, which STATE cannot be.
        if input.startupType == .state && (saved == nil || tpm.permanent.pendingPCRBanks != nil) {
            throw TPMError(.value, parameter(\.startupType))
        }

        let banks = tpm.permanent.pendingPCRBanks ?? tpm.permanent.pcrBanks
        let isReset = saved == nil || tpm.permanent.pendingPCRBanks != nil
        let isResume = input.startupType == .state
        if isReset {
            // TPM Reset: everything volatile starts afresh.
            tpm.permanent.pcrBanks = banks
            tpm.permanent.pendingPCRBanks = nil
            tpm.permanent.resetCount &+= 1
            tpm.permanent.restartCount = 0
            tpm.nullSeed = tpm.random(64)
            tpm.nullProof = tpm.random(64)
            tpm.sessions = [:]
            tpm.savedSequences = [:]
            tpm.contextSequence = 1
            tpm.commandAuditDigest = []
            tpm.exclusiveAuditSession = nil
            tpm.commits = CommitNonces(nonce: tpm.random(32))
        } else {
            tpm.permanent.restartCount &+= 1
        }
        tpm.pcrs = PCRBanks(banks: tpm.permanent.pcrBanks, count: tpm.config.profile.pcrCount)
        // Platform hierarchy state and PCR auth values are state-clear data: a Resume brings
        // them back; Reset and Restart start them empty (Part 3 §9.3.1; the reference's STATE_CLEAR_DATA).
        tpm.platformAuth = []
        tpm.platformPolicy = HierarchyPolicy()
        if isResume, let saved {
            tpm.pcrs.restore(saved.pcrValues, updateCounter: saved.pcrUpdateCounter)
            tpm.pcrs.authValues = saved.pcrAuthValues
            tpm.platformAuth = saved.platformAuth
            tpm.platformPolicy = saved.platformPolicy
        }
        tpm.nvStartup(isResume: isResume, isReset: isReset)
        tpm.resetClockRate()
        tpm.platformEnabled = true
        if input.startupType == .clear {
            // shEnable, ehEnable and phEnableNV are state-clear data: Startup(CLEAR) sets them again.
            tpm.permanent.ownerEnabled = true
            tpm.permanent.endorsementEnabled = true
            tpm.permanent.platformNVEnabled = true
        }
        tpm.permanent.savedState = nil
        // A lockoutAuth locked with lockoutRecovery 0 is usable again at any Startup (the
        // reference's DAStartup).
        if tpm.permanent.dictionaryAttack.lockoutRecovery == 0 {
            tpm.permanent.dictionaryAttack.lockoutAuthLockedUntilReboot = false
        }
        tpm.startedOrderly = tpm.permanent.orderlyShutdown
        tpm.clockSafe = tpm.permanent.orderlyShutdown
        // From here a power loss without Shutdown is disorderly.
        tpm.permanent.orderlyShutdown = false
        tpm.shutdownDone = false
        tpm.started = true
        tpm.anchorTime()
        return Response()
    }
}
