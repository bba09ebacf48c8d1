import TPMTypes

/// NV indices and persistent objects as the TPM's NV memory holds them (Part 1 §37): access
/// rules shared by the NV commands, the space budget, and what Startup and hierarchy
/// changes do to them.
extension TPMEngineState {
    /// The index at `handle`; the dispatcher already made sure it exists.
    func nvIndex(_ handle: TPMHandle) throws(TPMError) -> NVIndex {
        guard let index = permanent.nvIndices[handle] else { throw TPMError(.handle) }
        return index
    }

    func updateNVIndex(_ index: NVIndex) {
        permanent.nvIndices[index.publicArea.index] = index
    }

    /// Part 3 §31.1: owner and platform authorize a write only if the index lets them; any
    /// other authorization must come from the index itself (checked when it was authorized).
    static func checkNVWriteAccess(auth: TPMHandle, index: NVIndex) throws(TPMError) {
        let attributes = index.publicArea.attributes
        if attributes.contains(.writeLocked) { throw TPMError(.nvLocked) }
        try checkNVAuthorizer(auth, index: index, owner: .ownerWrite, platform: .ppWrite)
    }

    /// The read-side twin of `checkNVWriteAccess`; an unwritten index has nothing to read.
    static func checkNVReadAccess(auth: TPMHandle, index: NVIndex) throws(TPMError) {
        let attributes = index.publicArea.attributes
        if attributes.contains(.readLocked) { throw TPMError(.nvLocked) }
        try checkNVAuthorizer(auth, index: index, owner: .ownerRead, platform: .ppRead)
        if !attributes.contains(.written) { throw TPMError(.nvUninitialized) }
    }

    private static func checkNVAuthorizer(
        _ auth: TPMHandle, index: NVIndex, owner: TPMNVAttributes, platform: TPMNVAttributes
    ) throws(TPMError) {
        let attributes = index.publicArea.attributes
        switch auth {
        case TPMRH.owner: if !attributes.contains(owner) { throw TPMError(.nvAuthorization) }
        case TPMRH.platform: if !attributes.contains(platform) { throw TPMError(.nvAuthorization) }
        default: if auth != index.publicArea.index { throw TPMError(.nvAuthorization) }
        }
    }

    // MARK: Space (Part 3 §28.5.1 and §31.3.1: TPM_RC_NV_SPACE)

    /// Bytes an index or persistent object occupies in NV memory: its marshalled records
    /// plus a small header, the way a real TPM's linked list of entries does.
    static let nvEntryOverhead = 16

    var nvBytesUsed: Int {
        let indices = permanent.nvIndices.values.reduce(0) {
            $0 + Self.nvEntryOverhead + $1.publicArea.marshalled.count + $1.authValue.count
                + Int($1.publicArea.dataSize)
        }
        let objects = permanent.persistentObjects.values.reduce(0) { $0 + Self.nvEntryOverhead + Self.storedSize($1) }
        return indices + objects
    }

    static func storedSize(_ object: StoredObject) -> Int {
        object.publicArea.marshalled.count + object.sensitive.marshalled.count
    }

    /// Whether `bytes` more fit in the profile's NV memory.
    func nvHasRoom(for bytes: Int) -> Bool {
        nvBytesUsed + bytes <= config.profile.nvMemoryBytes
    }

    // MARK: Life cycle

    /// NV attributes at Startup (Part 3 §9.3.1; the reference's NvEntityStartup and
    /// NvSetStartupAttributes): read locks always clear; on TPM Reset and Restart, clearSTClear
    /// indices (and orderly ones at a Reset) become unwritten, and write locks clear unless
    /// writeDefine made them permanent. A Resume changes nothing.
    func nvStartup(isResume: Bool, isReset: Bool) {
        guard !isResume else { return }
        for (handle, var index) in permanent.nvIndices {
            var attributes = index.publicArea.attributes
            attributes.remove(.readLocked)
            if attributes.type != .counter
                && (attributes.contains(.clearSTClear) || (attributes.contains(.orderly) && isReset))
            {
                attributes.remove(.written)
            }
            if !attributes.contains(.written) || !attributes.contains(.writeDefine) {
                attributes.remove(.writeLocked)
            }
            if attributes != index.publicArea.attributes {
                index.publicArea.attributes = attributes
                permanent.nvIndices[handle] = index
            }
        }
    }

    /// Removes what NV holds for a hierarchy whose seed or owner changed: its persistent
    /// objects, and for the owner (TPM2_Clear) every index the owner created. Platform-created
    /// indices, such as the manufacturer's EK certificates, survive ChangePPS as on real chips
    /// and in the reference implementation.
    func flushNVHierarchy(_ hierarchy: TPMHandle) {
        for (handle, object) in permanent.persistentObjects where object.hierarchy == hierarchy {
            permanent.persistentObjects[handle] = nil
            persistentCache[handle] = nil
        }
        for (handle, index) in permanent.nvIndices {
            let platformCreated = index.publicArea.attributes.contains(.platformCreate)
            if hierarchy == TPMRH.owner && !platformCreated {
                permanent.nvIndices[handle] = nil
            }
        }
    }

    /// Flushes the loaded objects of a hierarchy that was disabled or whose seed changed.
    func flushTransientHierarchy(_ hierarchy: TPMHandle) {
        for (handle, entity) in transients {
            if case .object(let object) = entity, object.hierarchy == hierarchy { transients[handle] = nil }
        }
        for (handle, object) in persistentCache where object.hierarchy == hierarchy { persistentCache[handle] = nil }
    }
}
