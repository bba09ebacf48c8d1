import TPMTypes

/// TPM2_ReadPublic (Part 3 §12.4): public area, Name and qualified Name of a loaded object.
///
/// Response codes: TPM_RC_SEQUENCE (a sequence object: handle 1).
struct ReadPublic: TPMCommand {
    static let code = TPMCommandCode.readPublic
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.object]
    static let firstResponseEncryptable = true

    struct Input { var handle: TPMHandle }
    struct Output: TPMCommandOutput {
        var outPublic: TPMPublic
        var name: [UInt8]
        var qualifiedName: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) {
            outPublic.marshalSized(into: &writer)
            writer.writeSized(name)
            writer.writeSized(qualifiedName)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input { Input(handle: handles[0]) }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        if case .sequence? = tpm.transients[input.handle] { throw TPMError(.sequence, .handle(1)) }
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.handle) }
        return Output(outPublic: object.publicArea, name: object.name, qualifiedName: object.qualifiedName)
    }
}
