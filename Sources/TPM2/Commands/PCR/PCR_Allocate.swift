import TPMTypes

/// TPM2_PCR_Allocate (Part 3 §22.5): chooses the PCR banks the next TPM Reset brings up.
/// Banks not named keep their current allocation. Like most PC Client TPMs this one
/// allocates whole banks: a selection of all PCRs allocates a bank, an empty one removes
/// it, and a partial one is refused with allocationSuccess NO.
///
/// Response codes: TPM_RC_HASH (a bank this TPM does not implement: parameter 1), TPM_RC_PCR
/// (no bank would be left),
/// TPM_RC_VALUE (handle 1 not platform).
struct PCR_Allocate: TPMCommand {
    static let code = TPMCommandCode.pcrAllocate
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input { var allocation: TPMPCRSelectionList }

    struct Output: TPMCommandOutput {
        var success: Bool
        var maxPCR: UInt32
        var sizeNeeded: UInt32
        var sizeAvailable: UInt32
        func marshalParameters(into writer: inout TPMWriter) {
            writer.write(UInt8(success ? 1 : 0))
            writer.write(maxPCR)
            writer.write(sizeNeeded)
            writer.write(sizeAvailable)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        return Input(allocation: try parameters.parameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let count = tpm.config.profile.pcrCount
        var banks = Set(tpm.permanent.pendingPCRBanks ?? tpm.permanent.pcrBanks)
        var success = true
        for selection in input.allocation.selections {
            guard selection.hash.hashAlgorithm != nil, tpm.config.supports(selection.hash) else { throw TPMError(.hash, .parameter(1)) }
            let selected = selection.pcrs.filter { $0 < count }.count
            if selected == count {
                banks.insert(selection.hash)
            } else if selected == 0 {
                banks.remove(selection.hash)
            } else {
                success = false
            }
        }
        func size(_ banks: Set<TPMAlgorithm>) -> UInt32 {
            UInt32(banks.reduce(0) { $0 + ($1.hashAlgorithm?.digestSize ?? 0) * count })
        }
        let available = size(Set(tpm.config.hashAlgorithms))
        // Some bank must keep the H-CRTM and D-RTM PCRs (0 and 17): with whole banks, any bank.
        if success && banks.isEmpty { throw TPMError(.pcr) }
        if success {
            tpm.permanent.pendingPCRBanks = banks.sorted { $0.rawValue < $1.rawValue }
        }
        return Output(success: success, maxPCR: UInt32(count), sizeNeeded: size(banks), sizeAvailable: available)
    }
}
