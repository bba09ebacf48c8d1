import TPMTypes
import TrustCrypto

/// TPM2_Load (Part 3 §12.2): loads an object made by Create under this parent.
///
/// Response codes: TPM_RC_TYPE (parent not a storage key: handle 1), TPM_RC_INTEGRITY (the
/// private area was not made under this parent for this public area: parameter 1),
/// TPM_RC_SENSITIVE (it decrypts to nonsense: parameter 1), TPM_RC_BINDING (public and
/// private do not belong together: parameter 2), TPM_RC_KEY (a weak or degenerate TDES key:
/// parameter 1), template errors on parameter 2, TPM_RC_OBJECT_MEMORY.
struct Load: TPMCommand {
    static let code = TPMCommandCode.load
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var parent: TPMHandle
        var inPrivate: [UInt8]
        var inPublic: TPMPublic
    }

    struct Output: TPMCommandOutput {
        var handle: TPMHandle
        var name: [UInt8]
        var responseHandle: TPMHandle? { handle }
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(name) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        let inPrivate = try parameters.sizedParameter(1, max: TPMLimits.maxPrivate)
        let inPublic = try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try TPMPublic(sizedFrom: &parameters) }
        return Input(parent: handles[0], inPrivate: inPrivate, inPublic: inPublic)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let parent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.parent) }
        guard parent.publicArea.isStorageParent, parent.sensitive != nil else { throw TPMError(.type, .handle(1)) }
        try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try ObjectTemplate.check(input.inPublic, tpm: tpm) }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let name = input.inPublic.name
        let sensitive = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try ObjectProtection.unwrap(input.inPrivate, name: name, parent: parent)
        }
        try TPMError.attributing(.parameter(2)) { () throws(TPMError) in try KeyGeneration.checkBinding(input.inPublic, sensitive) }
        try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try KeyGeneration.checkSuppliedKey(sensitive.sensitive, of: input.inPublic)
        }
        let object = TPMObject(publicArea: input.inPublic, sensitive: sensitive, hierarchy: parent.hierarchy,
                               qualifiedName: TPMObject.qualifiedName(of: input.inPublic, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Output(handle: handle, name: name)
    }
}
