import TPMTypes

/// TPM2_PCR_Allocate (Part 3 §22.5): chooses the PCR banks the next TPM Reset brings up.
/// Banks not named keep their current allocation. Like most PC Client TPMs this one
/// allocates whole banks: a selection of all PCRs allocates a bank, an empty one removes
/// it, and a partial one is refused with allocationSuccess NO.
///
/// Response codes: TPM_RC_HASH (a bank this TPM does not implement: parameter 1), TPM_RC_PCR
/// (no bank would be left),
/// TPM_RC_VALUE (handle 1 not platform).
extension PCR_Allocate: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let count = tpm.config.profile.pcrCount
        var banks = Set(tpm.permanent.pendingPCRBanks ?? tpm.permanent.pcrBanks)
        var success = true
        for selection in input.pcrAllocation.selections {
            guard selection.hash.hashAlgorithm != nil, tpm.config.supports(selection.hash) else {
                throw TPMError(.hash, parameter(\.pcrAllocation))
            }
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
        return Response(
            allocationSuccess: success, maxPCR: UInt32(count), sizeNeeded: size(banks), sizeAvailable: available)
    }
}
