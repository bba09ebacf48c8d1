/// TPM2_CreateLoaded (Part 3 §12.9): creates an object and loads it at once. Under a storage
/// parent it is an ordinary object made with fresh randomness and also returned wrapped, as
/// Create would; under a hierarchy it is that hierarchy's primary object, derived from its
/// seed exactly as CreatePrimary derives it, and no private area is returned.
///
/// Derivation parents (Part 1 §28) are not implemented: templates for them are refused when
/// the parent would be created, so a keyed-hash parent is never loaded and any parent that is
/// not a storage key gets TPM_RC_TYPE.
///
/// Response codes: TPM_RC_VALUE (not an object or hierarchy: handle 1), TPM_RC_TYPE (parent
/// is not a storage key: handle 1), template errors on parameter 2 (TPM_RC_TYPE, _HASH,
/// _ATTRIBUTES, _SCHEME, _SYMMETRIC, _KEY_SIZE, _CURVE, _MODE, _KDF, _SIZE), sensitive errors on
/// parameter 1 (TPM_RC_SIZE, _ATTRIBUTES, _KEY_SIZE), TPM_RC_OBJECT_MEMORY.
struct CreateLoaded: TPMCommand {
    static let code = TPMCommandCode.createLoaded
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.parent]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var parent: TPMHandle
        var sensitive: TPMSensitiveCreate
        var template: TPMPublic
    }

    struct Output: TPMCommandOutput {
        var handle: TPMHandle
        var outPrivate: [UInt8]
        var outPublic: TPMPublic
        var name: [UInt8]
        var responseHandle: TPMHandle? { handle }
        func marshalParameters(into writer: inout TPMWriter) {
            writer.writeSized(outPrivate)
            outPublic.marshalSized(into: &writer)
            writer.writeSized(name)
        }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        // TPMI_DH_PARENT+: a loaded object or a hierarchy, TPM_RH_NULL included.
        let parent = handles[0]
        switch parent.handleType {
        case .transient?, .persistent?: break
        default: _ = try parseHierarchy(parent, allowNull: true, culprit: .handle(1))
        }
        let sensitive = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in try TPMSensitiveCreate(sizedFrom: &parameters) }
        // TPM2B_TEMPLATE: a TPMT_PUBLIC in a sized buffer.
        let template = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try TPMPublic(sizedFrom: &parameters) }
        return Input(parent: parent, sensitive: sensitive, template: template)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        if input.parent.handleType == .permanent {
            let primary = try CreatePrimary.execute(
                CreatePrimary.Input(hierarchy: input.parent, sensitive: input.sensitive, template: input.template,
                                    outsideInfo: [], creationPCR: TPMPCRSelectionList()), on: tpm)
            return Output(handle: primary.handle, outPrivate: [], outPublic: primary.outPublic, name: primary.name)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let (publicArea, sensitive, parent, _) = try Create.makeChild(parentHandle: input.parent, sensitive: input.sensitive,
                                                                      template: input.template, outsideInfo: [],
                                                                      creationPCR: TPMPCRSelectionList(), tpm: tpm)
        let name = publicArea.name
        let outPrivate = try ObjectProtection.wrap(sensitive, name: name, parent: parent)
        let object = TPMObject(publicArea: publicArea, sensitive: sensitive, hierarchy: parent.hierarchy,
                               qualifiedName: TPMObject.qualifiedName(of: publicArea, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Output(handle: handle, outPrivate: outPrivate, outPublic: publicArea, name: name)
    }
}
