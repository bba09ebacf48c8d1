import TPMTypes

/// TPM2_ReadPublic (Part 3 §12.4): public area, Name and qualified Name of a loaded object.
///
/// Response codes: TPM_RC_SEQUENCE (a sequence object: handle 1).
extension ReadPublic: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        if case .sequence? = tpm.transients[handles[0]] { throw TPMError(.sequence, .handle(1)) }
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        return Response(outPublic: object.publicArea, name: object.name, qualifiedName: object.qualifiedName)
    }
}
