import TPMTypes

/// TPM2_ObjectChangeAuth (Part 3 §12.8): a new private area for a loaded object, the same
/// object with a new authValue, wrapped under its parent. The loaded copy keeps the old
/// authValue; the caller loads the new private area and discards the old one. The parent is
/// checked by qualified name, so only the object's real parent can wrap it.
///
/// Response codes: TPM_RC_TYPE (a sequence: handle 1; parentHandle is not the object's parent:
/// handle 2), TPM_RC_VALUE (parentHandle is not an object: handle 2), TPM_RC_SIZE (newAuth
/// longer than the object's name digest: parameter 1), TPM_RC_AUTH_UNAVAILABLE (the object was
/// loaded without its sensitive area).
extension ObjectChangeAuth: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let object = try tpm.object(handles[0], sequenceCode: .type)
        let newAuth = trimmedAuth(input.newAuth)
        if let hash = object.nameHash, newAuth.count > hash.digestSize { throw TPMError(.size, parameter(\.newAuth)) }
        let parent = try tpm.object(handles[1], sequenceCode: .type, culprit: .handle(2))
        guard
            object.qualifiedName
                == TPMObject.qualifiedName(of: object.publicArea, parentQualifiedName: parent.qualifiedName)
        else {
            throw TPMError(.type, .handle(2))
        }
        var sensitive = try object.requireSensitive()
        sensitive.authValue = newAuth
        return Response(outPrivate: try ObjectProtection.wrap(sensitive, name: object.name, parent: parent))
    }
}
