import TPMTypes

/// Values are read bank by bank, PCR by PCR, until eight; a bank or PCR this TPM lacks is
/// left out of the returned selection.
extension PCR_Read: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var values: [[UInt8]] = []
        var outSelections: [TPMPCRSelection] = []
        for select in input.pcrSelectionIn.selections {
            var returned = TPMPCRSelection(hash: select.hash, select: [UInt8](repeating: 0, count: select.select.count))
            for pcr in select.pcrs where values.count < 8 {
                guard let value = tpm.pcrs.value(select.hash, pcr) else { continue }
                values.append(value)
                returned.select[pcr / 8] |= 1 << (pcr % 8)
            }
            outSelections.append(returned)
        }
        return Response(
            pcrUpdateCounter: tpm.pcrs.updateCounter, pcrSelectionOut: TPMPCRSelectionList(outSelections),
            pcrValues: values)
    }
}
