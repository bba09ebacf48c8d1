import TPMTypes

/// TPM2_PCR_Read (Part 3 §22.4): at most eight values per call, in selection order; the
/// returned selection says which ones came back.
struct PCR_Read: TPMCommand {
    static let code = TPMCommandCode.pcrRead

    struct Input { var selection: TPMPCRSelectionList }
    struct Output: TPMCommandOutput {
        var updateCounter: UInt32
        var selection: TPMPCRSelectionList
        var values: [[UInt8]]
        func marshalParameters(into writer: inout TPMWriter) {
            writer.write(updateCounter)
            writer.write(selection)
            writer.write(UInt32(values.count))   // TPML_DIGEST
            for value in values { writer.writeSized(value) }
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(selection: try parameters.parameter(1))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        var values: [[UInt8]] = []
        var outSelections: [TPMPCRSelection] = []
        for select in input.selection.selections {
            var returned = TPMPCRSelection(hash: select.hash, select: [UInt8](repeating: 0, count: select.select.count))
            for pcr in select.pcrs where values.count < 8 {
                guard let value = tpm.pcrs.value(select.hash, pcr) else { continue }
                values.append(value)
                returned.select[pcr / 8] |= 1 << (pcr % 8)
            }
            outSelections.append(returned)
        }
        return Output(updateCounter: tpm.pcrs.updateCounter, selection: TPMPCRSelectionList(outSelections), values: values)
    }
}
