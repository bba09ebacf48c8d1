import TPMTypes
import TrustCrypto

/// TPM2_Load (Part 3 §12.2): loads an object made by Create under this parent.
///
/// Response codes: TPM_RC_TYPE (parent not a storage key: handle 1), TPM_RC_INTEGRITY (the
/// private area was not made under this parent for this public area: parameter 1),
/// TPM_RC_SENSITIVE (it decrypts to nonsense: parameter 1), TPM_RC_BINDING (public and
/// private do not belong together: parameter 2), TPM_RC_KEY (a weak or degenerate TDES key:
/// parameter 1), template errors on parameter 2, TPM_RC_OBJECT_MEMORY.
extension Load: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let parent = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        guard parent.publicArea.isStorageParent, parent.sensitive != nil else { throw TPMError(.type, .handle(1)) }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try ObjectTemplate.check(input.inPublic, tpm: tpm)
        }
        guard tpm.hasFreeObjectSlot else { throw TPMError(.objectMemory) }
        let name = input.inPublic.name
        let sensitive = try TPMError.attributing(parameter(\.inPrivate)) { () throws(TPMError) in
            try ObjectProtection.unwrap(input.inPrivate, name: name, parent: parent)
        }
        try TPMError.attributing(parameter(\.inPublic)) { () throws(TPMError) in
            try KeyGeneration.checkBinding(input.inPublic, sensitive)
        }
        try TPMError.attributing(parameter(\.inPrivate)) { () throws(TPMError) in
            try KeyGeneration.checkSuppliedKey(sensitive.sensitive, of: input.inPublic)
        }
        let object = TPMObject(
            publicArea: input.inPublic, sensitive: sensitive, hierarchy: parent.hierarchy,
            qualifiedName: TPMObject.qualifiedName(of: input.inPublic, parentQualifiedName: parent.qualifiedName))
        let handle = try tpm.addTransient(.object(object))
        return Response(objectHandle: handle, name: name)
    }
}
