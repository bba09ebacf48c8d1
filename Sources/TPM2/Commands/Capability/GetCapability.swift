import TPMTypes

/// TPM2_GetCapability (Part 3 §30.2): lists from `property` onward, at most `propertyCount`
/// entries, with moreData set when the list goes on. Everything reported comes from the
/// profile and the running state, so a profile that leaves a command out hides it here too.
///
/// Response codes: TPM_RC_VALUE (unknown capability: parameter 1; PCR-property or handle
/// range out of bounds: parameter 2).
struct GetCapability: TPMCommand {
    static let code = TPMCommandCode.getCapability

    struct Input {
        var capability: UInt32
        var property: UInt32
        var propertyCount: UInt32
    }

    struct Output: TPMCommandOutput {
        var moreData: Bool
        var capability: UInt32
        var data: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.write(UInt8(moreData ? 1 : 0))
            writer.write(capability)
            writer.write(bytes: data)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(capability: try parameters.integerParameter(1), property: try parameters.integerParameter(2),
              propertyCount: try parameters.integerParameter(3))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let count = Int(min(input.propertyCount, 1024))
        var w = TPMWriter()
        var more = false
        func list<T>(_ items: [T], max: Int, _ write: (T, inout TPMWriter) -> Void) {
            let n = Swift.min(items.count, count, max)
            more = items.count > n
            w.write(UInt32(n))
            for item in items.prefix(n) { write(item, &w) }
        }

        switch input.capability {
        case 0: // TPM_CAP_ALGS → TPML_ALG_PROPERTY
            let algs = tpm.config.algorithms.filter { $0 != .null }
                .filter { UInt32($0.rawValue) >= input.property }
                .sorted { $0.rawValue < $1.rawValue }
            list(algs, max: 169) { alg, w in
                w.write(alg)
                w.write(AlgorithmAttributes.of(alg))
            }
        case 1: // TPM_CAP_HANDLES → TPML_HANDLE
            guard let type = TPMHandleType(rawValue: UInt8(input.property >> 24)) else { throw TPMError(.value, .parameter(2)) }
            let handles = Self.handles(of: type, in: tpm).filter { $0 >= input.property }.sorted()
            list(handles, max: 254) { handle, w in w.write(handle) }
        case 2: // TPM_CAP_COMMANDS → TPML_CCA
            let entries = tpm.config.commands.compactMap { CommandTable.entries[$0] }
                .filter { $0.code.rawValue >= input.property }
                .sorted { $0.code.rawValue < $1.code.rawValue }
            list(entries, max: 254) { entry, w in w.write(Self.commandAttributes(entry)) }
        case 3, 4: // TPM_CAP_PP_COMMANDS, TPM_CAP_AUDIT_COMMANDS → TPML_CC
            let implemented = tpm.config.commands
            let codes = implemented.filter { input.capability == 3 ? tpm.isPhysicalPresenceRequired($0) : tpm.isAudited($0) }
                .filter { $0.rawValue >= input.property }.sorted { $0.rawValue < $1.rawValue }
            list(codes, max: 254) { code, w in w.write(code.rawValue) }
        case 5: // TPM_CAP_PCRS → TPML_PCR_SELECTION: the current allocation, all PCRs
            let selectSize = (tpm.pcrs.count + 7) / 8
            let banks = tpm.pcrs.banks
            w.write(UInt32(banks.count))
            for bank in banks {
                TPMPCRSelection(hash: bank, pcrs: Array(0..<tpm.pcrs.count), sizeOfSelect: max(selectSize, TPMLimits.pcrSelectMin)).marshal(into: &w)
            }
        case 6: // TPM_CAP_TPM_PROPERTIES → TPML_TAGGED_TPM_PROPERTY
            let props = TPMProperty.all(tpm).filter { $0.0 >= input.property }
            list(props, max: 127) { prop, w in
                w.write(prop.0)
                w.write(prop.1)
            }
        case 7: // TPM_CAP_PCR_PROPERTIES → TPML_TAGGED_PCR_PROPERTY
            let props = Self.pcrProperties(tpm).filter { $0.tag >= input.property }
            list(props, max: 84) { prop, w in
                w.write(prop.tag)
                w.write(UInt8(prop.select.count))
                w.write(bytes: prop.select)
            }
        case 8: // TPM_CAP_ECC_CURVES → TPML_ECC_CURVE
            let curves = tpm.config.curves.filter { UInt32($0.rawValue) >= input.property }.sorted { $0.rawValue < $1.rawValue }
            list(curves, max: 508) { curve, w in w.write(curve) }
        default:
            throw TPMError(.value, .parameter(1))
        }
        return Output(moreData: more, capability: input.capability, data: w.bytes)
    }

    /// TPMA_CC (Part 2 §8.9).
    static func commandAttributes(_ entry: CommandEntry) -> UInt32 {
        var value = entry.code.rawValue & 0xFFFF
        if entry.writesNV { value |= 1 << 22 }
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
            return [TPMRH.owner, TPMRH.null, TPMRH.password, TPMRH.lockout, TPMRH.endorsement, TPMRH.platform, TPMRH.platformNV]
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
        out.append((0x11, bitmap { $0 == 16 || $0 == 23 }))   // TPM_PT_PCR_NO_INCREMENT
        out.append((0x12, bitmap { (17...22).contains($0) }))                                    // TPM_PT_PCR_DRTM_RESET
        out.append((0x13, bitmap { (16...23).contains($0) }))                                    // TPM_PT_PCR_POLICY
        out.append((0x14, bitmap { (16...23).contains($0) }))                                    // TPM_PT_PCR_AUTH
        return out
    }
}
