import TPMTypes

/// TPM2_GetCapability (Part 3 §30.2): lists from `property` onward, at most `propertyCount`
/// entries, with moreData set when the list goes on. Everything reported comes from the
/// profile and the running state, so a profile that leaves a command out hides it here too.
///
/// Response codes: TPM_RC_VALUE (unknown capability: parameter 1; PCR-property or handle
/// range out of bounds: parameter 2).
extension GetCapability: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let count = Int(min(input.propertyCount, 1024))
        var more = false
        /// The first `count` (at most `max`) of `items`; `more` says whether any were left.
        func first<T>(_ items: [T], max: Int) -> [T] {
            let n = Swift.min(items.count, count, max)
            more = items.count > n
            return Array(items.prefix(n))
        }

        let data: TPMCapabilityData
        switch input.capability {
        case .algorithms:
            let algs = tpm.config.algorithms.filter { $0 != .null }
                .filter { UInt32($0.rawValue) >= input.property }
                .sorted { $0.rawValue < $1.rawValue }
            data = .algorithms(
                first(algs, max: TPMCapabilityData.maximumAlgorithms).map {
                    TPMAlgorithmProperty(algorithm: $0, attributes: AlgorithmAttributes.of($0))
                })
        case .handles:
            guard let type = TPMHandleType(rawValue: UInt8(input.property >> 24)) else {
                throw TPMError(.value, parameter(\.property))
            }
            let found = Self.handles(of: type, in: tpm).filter { $0 >= input.property }.sorted()
            data = .handles(first(found, max: TPMCapabilityData.maximumHandles))
        case .commands:
            let entries = tpm.config.commands.compactMap { CommandTable.entries[$0] }
                .filter { $0.code.rawValue >= input.property }
                .sorted { $0.code.rawValue < $1.code.rawValue }
            data = .commands(first(entries, max: TPMCapabilityData.maximumCommands).map(Self.commandAttributes))
        case .ppCommands, .auditCommands:
            let isPP = input.capability == .ppCommands
            let codes = tpm.config.commands.filter { isPP ? tpm.isPhysicalPresenceRequired($0) : tpm.isAudited($0) }
                .filter { $0.rawValue >= input.property }.sorted { $0.rawValue < $1.rawValue }
            let listed = first(codes, max: TPMCapabilityData.maximumCommands)
            data = isPP ? .ppCommands(listed) : .auditCommands(listed)
        case .pcrs:
            // The current allocation, all PCRs of each bank.
            let selectSize = max((tpm.pcrs.count + 7) / 8, TPMLimits.pcrSelectMin)
            data = .pcrs(
                TPMPCRSelectionList(
                    tpm.pcrs.banks.map {
                        TPMPCRSelection(hash: $0, pcrs: Array(0..<tpm.pcrs.count), sizeOfSelect: selectSize)
                    }))
        case .tpmProperties:
            let props = TPMProperty.all(tpm).filter { $0.0 >= input.property }
            data = .tpmProperties(
                first(props, max: TPMCapabilityData.maximumProperties).map {
                    TPMTaggedProperty(property: $0.0, value: $0.1)
                })
        case .pcrProperties:
            let props = Self.pcrProperties(tpm).filter { $0.tag >= input.property }
            data = .pcrProperties(
                first(props, max: TPMCapabilityData.maximumPCRProperties).map {
                    TPMTaggedPCRSelect(tag: $0.tag, pcrSelect: $0.select)
                })
        case .eccCurves:
            let curves = tpm.config.curves.filter { UInt32($0.rawValue) >= input.property }.sorted {
                $0.rawValue < $1.rawValue
            }
            data = .eccCurves(first(curves, max: TPMCapabilityData.maximumCurves))
        default:
            throw TPMError(.value, parameter(\.capability))
        }
        return Response(moreData: more, capabilityData: data)
    }

    /// TPMA_CC (Part 2 §8.9).
    static func commandAttributes(_ entry: CommandEntry) -> UInt32 {
        var value = entry.code.rawValue & 0xFFFF
        if entry.writesNV { value |= 1 << 22 }
        if entry.attributes.contains(.extensive) { value |= 1 << 23 }
        if entry.flushesHandles { value |= 1 << 24 }
        value |= UInt32(entry.handles.count & 7) << 25
        if entry.hasResponseHandle { value |= 1 << 28 }
        return value
    }

    static func handles(of type: TPMHandleType, in tpm: TPMEngineState) -> [TPMHandle] {
        switch type {
        case .pcr: return (0..<tpm.pcrs.count).map { TPMHandle($0) }
        case .nvIndex: return Array(tpm.permanent.nvIndices.keys)
        case .hmacSession:
            // TPM_HT_LOADED_SESSION: sessions held in the TPM.
            return tpm.sessions.values.filter { !$0.isSaved }.map(\.handle)
        case .policySession:
            // TPM_HT_SAVED_SESSION: sessions that exist only as saved contexts.
            return tpm.sessions.values.filter(\.isSaved).map(\.handle)
        case .permanent:
            return [
                TPMRH.owner, TPMRH.null, TPMRH.password, TPMRH.lockout, TPMRH.endorsement, TPMRH.platform,
                TPMRH.platformNV,
            ]
        case .transient: return Array(tpm.transients.keys)
        case .persistent: return Array(tpm.permanent.persistentObjects.keys)
        }
    }

    /// One entry per TPM_PT_PCR property that has any PCR (Part 2 §6.14).
    static func pcrProperties(_ tpm: TPMEngineState) -> [(tag: UInt32, select: [UInt8])] {
        let size = max((tpm.pcrs.count + 7) / 8, TPMLimits.pcrSelectMin)
        func bitmap(_ test: (Int) -> Bool) -> [UInt8] {
            var bits = [UInt8](repeating: 0, count: size)
            for pcr in 0..<tpm.pcrs.count where test(pcr) { bits[pcr / 8] |= 1 << (pcr % 8) }
            return bits
        }
        let extend = PCRBanks.extendLocalities
        let reset = PCRBanks.resetLocalities
        func table(_ t: [UInt8], _ pcr: Int) -> UInt8 { pcr < t.count ? t[pcr] : 0 }
        var out: [(UInt32, [UInt8])] = [(0x00, bitmap { $0 < 16 })]  // TPM_PT_PCR_SAVE
        for locality in 0..<5 {
            out.append((UInt32(1 + 2 * locality), bitmap { table(extend, $0) & (1 << locality) != 0 }))
            out.append((UInt32(2 + 2 * locality), bitmap { table(reset, $0) & (1 << locality) != 0 }))
        }
        out.append((0x11, bitmap { $0 == 16 || $0 == 23 }))  // TPM_PT_PCR_NO_INCREMENT
        out.append((0x12, bitmap { (17...22).contains($0) }))  // TPM_PT_PCR_DRTM_RESET
        out.append((0x13, bitmap { (16...23).contains($0) }))  // TPM_PT_PCR_POLICY
        out.append((0x14, bitmap { (16...23).contains($0) }))  // TPM_PT_PCR_AUTH
        return out
    }
}
