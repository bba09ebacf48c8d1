import TPMTypes

/// TPM2_NV_ReadPublic (Part 3 §31.6): an index's public area and Name; needs no authorization.
struct NV_ReadPublic: TPMCommand {
    static let code = TPMCommandCode.nvReadPublic
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.nvIndex]
    static let firstResponseEncryptable = true

    struct Input { var index: TPMHandle }

    struct Output: TPMCommandOutput {
        var publicArea: TPMNVPublic
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeNested { publicArea.marshal(into: &$0) }
            writer.writeSized(publicArea.name)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(index: handles[0])
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        Output(publicArea: try tpm.nvIndex(input.index).publicArea)
    }
}
