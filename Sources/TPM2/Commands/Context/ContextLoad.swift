import TPMTypes

/// TPM2_ContextLoad (Part 3 §28.3): objects and sequences come back at a new transient handle
/// (a sequence in the state it was saved in, however often its blob is loaded), sessions at
/// the handle they had.
///
/// Response codes: TPM_RC_INTEGRITY (blob not made by this TPM, altered, or invalidated by a
/// TPM Reset: parameter 1), TPM_RC_HIERARCHY (its hierarchy is disabled: parameter 1),
/// TPM_RC_HANDLE (a session context older than the last save, or a sequence context older
/// than the newest 64: parameter 1),
/// TPM_RC_OBJECT_MEMORY, TPM_RC_SESSION_MEMORY.
extension ContextLoad: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let context = input.context
        guard tpm.isHierarchyEnabled(context.hierarchy) else { throw TPMError(.hierarchy, parameter(\.context)) }
        let isObject = context.savedHandle.handleType == .transient
        // Objects outside the NULL hierarchy survive a TPM Reset unless stClear; try both bindings.
        var payload: [UInt8]
        do {
            payload = try ContextProtection.open(context, resetBound: true, tpm: tpm)
        } catch {
            guard isObject && context.hierarchy != TPMRH.null else { throw error.at(parameter(\.context)) }
            payload = try TPMError.attributing(parameter(\.context)) { () throws(TPMError) in
                try ContextProtection.open(context, resetBound: false, tpm: tpm)
            }
        }
        var r = TPMReader(payload)
        let kind = ContextSave.PayloadKind(rawValue: try r.read())
        switch kind {
        case .object?:
            let hierarchy: TPMHandle = try r.read()
            let publicArea = try TPMPublic(sizedFrom: &r)
            var sensitive: TPMSensitive? = nil
            if try r.read(UInt8.self) == 1 {
                sensitive = try r.readNested { (inner: inout TPMReader) throws(TPMError) in
                    try TPMSensitive(from: &inner)
                }
            }
            let qualifiedName = try r.readSized(max: TPMLimits.maxName)
            let flags: UInt8 = try r.read()
            let object = TPMObject(
                publicArea: publicArea, sensitive: sensitive, hierarchy: hierarchy, qualifiedName: qualifiedName)
            object.isExternal = flags & 1 != 0
            object.isPrimary = flags & 2 != 0
            return Response(loadedHandle: try tpm.addTransient(.object(object)))
        case .sequence?:
            let id: UInt64 = try r.read()
            // Each load is a new sequence object in the saved state, as a blob that carried it would give.
            guard let sequence = tpm.savedSequences[id] else { throw TPMError(.handle, parameter(\.context)) }
            return Response(loadedHandle: try tpm.addTransient(.sequence(sequence.copy())))
        case .session?:
            let handle: TPMHandle = try r.read()
            guard let session = tpm.sessions[handle], session.isSaved, session.savedSequence == context.sequence else {
                throw TPMError(.handle, parameter(\.context))
            }
            let loaded = tpm.sessions.values.filter { !$0.isSaved }.count
            guard loaded < tpm.config.profile.loadedSessionSlots else { throw TPMError(.sessionMemory) }
            session.isSaved = false
            return Response(loadedHandle: handle)
        case nil:
            throw TPMError(.integrity, parameter(\.context))
        }
    }
}
