import TPMTypes

/// TPM2_EvictControl (Part 3 §28.5): copies a loaded object into NV at a persistent handle,
/// or removes a persistent object. Owner authorizes owner and endorsement objects in
/// 0x81000000–0x817FFFFF; platform authorizes platform objects in 0x81800000–0x81FFFFFF and
/// may remove any.
///
/// Response codes: TPM_RC_ATTRIBUTES (stClear, public-only or temporary object: handle 2),
/// TPM_RC_HANDLE (a persistent object at another handle: handle 2), TPM_RC_HIERARCHY (the
/// authorization does not own the object's hierarchy: handle 2), TPM_RC_RANGE (handle
/// outside the authorizer's range: parameter 1), TPM_RC_VALUE (not a persistent handle:
/// parameter 1), TPM_RC_NV_DEFINED (handle in use), TPM_RC_NV_SPACE.
extension EvictControl: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let object = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
        let isPersistent = handles[1].handleType == .persistent
        let isPlatformObject = object.hierarchy == TPMRH.platform
        if !isPersistent {
            // Only what survives a reset and carries its secret may live in NV.
            if object.attributes.contains(.stClear) || object.sensitive == nil || object.isExternal
                || object.hierarchy == TPMRH.null
            {
                throw TPMError(.attributes, .handle(2))
            }
        } else if handles[1] != input.persistentHandle {
            throw TPMError(.handle, .handle(2))
        }
        if handles[0] == TPMRH.platform {
            if !isPersistent {
                guard isPlatformObject else { throw TPMError(.hierarchy, .handle(2)) }
                guard input.persistentHandle >= TPMRH.platformPersistent else {
                    throw TPMError(.range, parameter(\.persistentHandle))
                }
            }
        } else {
            guard !isPlatformObject else { throw TPMError(.hierarchy, .handle(2)) }
            if !isPersistent && input.persistentHandle >= TPMRH.platformPersistent {
                throw TPMError(.range, parameter(\.persistentHandle))
            }
        }

        if isPersistent {
            tpm.permanent.persistentObjects[input.persistentHandle] = nil
            tpm.persistentCache[input.persistentHandle] = nil
        } else {
            guard tpm.permanent.persistentObjects[input.persistentHandle] == nil else { throw TPMError(.nvDefined) }
            guard let sensitive = object.sensitive else { throw TPMError(.attributes, .handle(2)) }
            let stored = StoredObject(
                hierarchy: object.hierarchy, publicArea: object.publicArea, sensitive: sensitive,
                qualifiedName: object.qualifiedName)
            guard tpm.nvHasRoom(for: TPMEngineState.nvEntryOverhead + TPMEngineState.storedSize(stored)) else {
                throw TPMError(.nvSpace)
            }
            tpm.permanent.persistentObjects[input.persistentHandle] = stored
        }
        return Response()
    }
}
