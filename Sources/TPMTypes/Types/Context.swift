/// TPMS_CONTEXT (Part 2 §14.5): a saved object, session or sequence, with the blob the TPM
/// protects (the blob's layout is the TPM's own).
public struct TPMContext: Equatable, Sendable, TPMCodable {
    public var sequence: UInt64
    public var savedHandle: TPMHandle
    public var hierarchy: TPMHandle
    public var blob: [UInt8]

    /// The zero value a parameter list starts from before it is read.
    public init() { self.init(sequence: 0, savedHandle: 0, hierarchy: TPMRH.null, blob: []) }

    /// A saved context from its fields.
    /// - Parameters:
    ///   - sequence: the sequence number TPM2_ContextSave gave the context.
    ///   - savedHandle: the handle of the saved object, session or sequence (TPMI_DH_SAVED).
    ///   - hierarchy: the hierarchy of the context (TPMI_RH_HIERARCHY+).
    ///   - blob: the context data (TPM2B_CONTEXT_DATA), in the layout the TPM chose.
    public init(sequence: UInt64, savedHandle: TPMHandle, hierarchy: TPMHandle, blob: [UInt8]) {
        self.sequence = sequence
        self.savedHandle = savedHandle
        self.hierarchy = hierarchy
        self.blob = blob
    }

    /// savedHandle must be an object or session handle (TPMI_DH_SAVED) and hierarchy a
    /// TPMI_RH_HIERARCHY+; anything else is TPM_RC_VALUE (Part 2 §14.5). Our blobs keep the
    /// object's own transient handle, so any transient handle is accepted.
    public init(from reader: inout TPMReader) throws(TPMError) {
        sequence = try reader.read()
        savedHandle = try reader.read()
        guard [.transient, .hmacSession, .policySession].contains(savedHandle.handleType) else {
            throw TPMError(.value)
        }
        hierarchy = try reader.read()
        guard [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null].contains(hierarchy) else {
            throw TPMError(.value)
        }
        blob = try reader.readSized(max: TPMLimits.maxContextData)
    }

    public func marshal(into writer: inout TPMWriter) {
        writer.write(sequence)
        writer.write(savedHandle)
        writer.write(hierarchy)
        writer.writeSized(blob)
    }
}
