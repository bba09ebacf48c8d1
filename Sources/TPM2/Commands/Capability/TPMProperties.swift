import TPMTypes

/// TPM_PT values (Part 2 §6.13) and the values this TPM reports for them, fixed ones from
/// the profile and variable ones from the running state.
enum TPMProperty {
    static let fixedFirst: UInt32 = 0x100
    static let varFirst: UInt32 = 0x200

    /// Up to four characters as a big-endian UINT32, zero-padded (manufacturer, vendor strings).
    static func characters(_ s: String) -> UInt32 {
        let bytes = Array(s.utf8.prefix(4)) + [UInt8](repeating: 0, count: max(0, 4 - s.utf8.count))
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Every property the TPM reports, in order, with its current value.
    static func all(_ tpm: TPMEngineState) -> [(UInt32, UInt32)] {
        let p = tpm.config.profile
        let chars = characters
        let vendor = (0..<4).map { $0 < p.vendorStrings.count ? chars(p.vendorStrings[$0]) : 0 }
        let commandCount = UInt32(tpm.config.commands.count)
        let nvIndexCount = UInt32(tpm.permanent.nvIndices.count)
        let counterCount = UInt32(
            tpm.permanent.nvIndices.values.filter { $0.publicArea.attributes.type == .counter }.count)
        let persistentCount = UInt32(tpm.permanent.persistentObjects.count)
        let loadedSessions = UInt32(tpm.sessions.values.filter { !$0.isSaved }.count)
        let activeSessions = UInt32(tpm.sessions.count)
        let da = tpm.permanent.dictionaryAttack

        var permanentBits: UInt32 = 0
        if !tpm.permanent.ownerAuth.isEmpty { permanentBits |= 1 << 0 }
        if !tpm.permanent.endorsementAuth.isEmpty { permanentBits |= 1 << 1 }
        if !tpm.permanent.lockoutAuth.isEmpty { permanentBits |= 1 << 2 }
        if tpm.permanent.disableClear { permanentBits |= 1 << 8 }
        if tpm.isLockedOut { permanentBits |= 1 << 9 }
        permanentBits |= 1 << 10  // tpmGeneratedEPS
        var startupBits: UInt32 = 0
        if tpm.platformEnabled { startupBits |= 1 << 0 }
        if tpm.permanent.ownerEnabled { startupBits |= 1 << 1 }
        if tpm.permanent.endorsementEnabled { startupBits |= 1 << 2 }
        if tpm.permanent.platformNVEnabled { startupBits |= 1 << 3 }
        if tpm.startedOrderly { startupBits |= 1 << 31 }

        return [
            (0x100, 0x322E_3000),  // TPM_PT_FAMILY_INDICATOR "2.0"
            (0x101, p.specLevel),
            (0x102, p.specRevision),
            (0x103, p.specDayOfYear),
            (0x104, p.specYear),
            (0x105, chars(p.manufacturer)),
            (0x106, vendor[0]), (0x107, vendor[1]), (0x108, vendor[2]), (0x109, vendor[3]),
            (0x10A, p.vendorTPMType),
            (0x10B, p.firmwareVersion.first ?? 0),
            (0x10C, p.firmwareVersion.count > 1 ? p.firmwareVersion[1] : 0),
            (0x10D, UInt32(p.maxDigestBuffer)),  // TPM_PT_INPUT_BUFFER
            (0x10E, UInt32(p.transientObjectSlots)),  // TPM_PT_HR_TRANSIENT_MIN
            (0x10F, UInt32(p.persistentObjectSlots)),  // TPM_PT_HR_PERSISTENT_MIN
            (0x110, UInt32(p.loadedSessionSlots)),  // TPM_PT_HR_LOADED_MIN
            (0x111, UInt32(p.activeSessions)),  // TPM_PT_ACTIVE_SESSIONS_MAX
            (0x112, UInt32(p.pcrCount)),
            (0x113, UInt32(TPMLimits.pcrSelectMin)),
            (0x114, 0xFFFF),  // TPM_PT_CONTEXT_GAP_MAX
            (0x116, 0),  // TPM_PT_NV_COUNTERS_MAX: no separate limit
            (0x117, UInt32(p.maxNVIndexSize)),  // TPM_PT_NV_INDEX_MAX
            (0x118, 0x6),  // TPM_PT_MEMORY: shared RAM, object slots shared
            (0x119, 1000),  // TPM_PT_CLOCK_UPDATE (ms)
            (0x11A, UInt32(TPMAlgorithm.sha256.rawValue)),  // TPM_PT_CONTEXT_HASH
            (0x11B, UInt32(TPMAlgorithm.aes.rawValue)),  // TPM_PT_CONTEXT_SYM
            (0x11C, 256),  // TPM_PT_CONTEXT_SYM_SIZE
            (0x11D, 255),  // TPM_PT_ORDERLY_COUNT
            (0x11E, UInt32(p.maxCommandSize)),
            (0x11F, UInt32(p.maxResponseSize)),
            (0x120, UInt32(TPMLimits.maxDigest)),
            (0x121, UInt32(TPMLimits.maxContextData)),  // TPM_PT_MAX_OBJECT_CONTEXT
            (0x122, UInt32(TPMLimits.maxContextData)),  // TPM_PT_MAX_SESSION_CONTEXT
            (0x123, 1),  // TPM_PT_PS_FAMILY_INDICATOR: PC Client
            (0x124, 0), (0x125, 0x100), (0x126, 0), (0x127, 0),
            (0x128, 128),  // TPM_PT_SPLIT_MAX
            (0x129, commandCount),  // TPM_PT_TOTAL_COMMANDS
            (0x12A, commandCount),  // TPM_PT_LIBRARY_COMMANDS
            (0x12B, 0),  // TPM_PT_VENDOR_COMMANDS
            (0x12C, UInt32(p.maxNVBufferSize)),  // TPM_PT_NV_BUFFER_MAX
            (0x12D, 0),  // TPM_PT_MODES
            (0x12E, UInt32(TPMLimits.maxCapabilityData + 8)),  // TPM_PT_MAX_CAP_BUFFER
            (0x200, permanentBits),
            (0x201, startupBits),
            (0x202, nvIndexCount),  // TPM_PT_HR_NV_INDEX
            (0x203, loadedSessions),  // TPM_PT_HR_LOADED
            (0x204, UInt32(max(0, p.loadedSessionSlots - Int(loadedSessions)))),
            (0x205, activeSessions),
            (0x206, UInt32(max(0, p.activeSessions - Int(activeSessions)))),
            (0x207, UInt32(max(0, p.transientObjectSlots - tpm.transients.count))),
            (0x208, persistentCount),
            (0x209, UInt32(max(0, p.persistentObjectSlots - Int(persistentCount)))),
            (0x20A, counterCount),
            (0x20B, UInt32(max(0, p.nvMemoryBytes / 64 - Int(nvIndexCount)))),
            (0x20C, tpm.permanent.algorithmSet),  // TPM_PT_ALGORITHM_SET
            (0x20D, UInt32(tpm.config.curves.count)),  // TPM_PT_LOADED_CURVES
            (0x20E, da.failedTries),  // TPM_PT_LOCKOUT_COUNTER
            (0x20F, da.maxTries),  // TPM_PT_MAX_AUTH_FAIL
            (0x210, da.recoveryTime),  // TPM_PT_LOCKOUT_INTERVAL
            (0x211, da.lockoutRecovery),  // TPM_PT_LOCKOUT_RECOVERY
            (0x212, 0),  // TPM_PT_NV_WRITE_RECOVERY
            (0x213, UInt32(tpm.permanent.auditCounter >> 32)),  // TPM_PT_AUDIT_COUNTER_0: high half
            (0x214, UInt32(truncatingIfNeeded: tpm.permanent.auditCounter)),  // TPM_PT_AUDIT_COUNTER_1: low half
        ]
    }
}
