import TPMTypes

/// TPM2_ContextSave (Part 3 §28.2): an object's or sequence's context blob (it stays loaded,
/// so resource managers can save and then flush it), or a session's (the session leaves the
/// TPM's session slots but keeps its handle). A sequence's state is kept inside the TPM, a
/// copy per saved context, the oldest dropped beyond `savedSequenceLimit`.
///
/// Response codes: TPM_RC_HANDLE (not a transient object, sequence or loaded session: handle 1).
extension ContextSave: DescribedCommand {
    enum PayloadKind: UInt8 {
        case object = 1
        case session = 2
        case sequence = 3
    }

    /// Saved sequence states kept at once; a context older than the newest 64 no longer loads.
    static let savedSequenceLimit = 64

    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let sequence = tpm.contextSequence
        tpm.contextSequence += 1
        var w = TPMWriter()
        let hierarchy: TPMHandle
        let resetBound: Bool
        switch handles[0].handleType {
        case .transient:
            switch tpm.transients[handles[0]] {
            case .object(let object)?:
                hierarchy = object.hierarchy
                resetBound = hierarchy == TPMRH.null || object.attributes.contains(.stClear)
                w.write(PayloadKind.object.rawValue)
                w.write(object.hierarchy)
                object.publicArea.marshalSized(into: &w)
                if let sensitive = object.sensitive {
                    w.write(UInt8(1))
                    w.writeNested { sensitive.marshal(into: &$0) }
                } else {
                    w.write(UInt8(0))
                }
                w.writeSized(object.qualifiedName)
                w.write(UInt8((object.isExternal ? 1 : 0) | (object.isPrimary ? 2 : 0)))
            case .sequence(let hashSequence)?:
                hierarchy = TPMRH.null
                resetBound = true
                if tpm.savedSequences.count >= savedSequenceLimit, let oldest = tpm.savedSequences.keys.min() {
                    tpm.savedSequences[oldest] = nil
                }
                tpm.savedSequences[sequence] = hashSequence.copy()
                w.write(PayloadKind.sequence.rawValue)
                w.write(sequence)
            case nil:
                throw TPMError(.handle, .handle(1))
            }
        case .hmacSession, .policySession:
            guard let session = tpm.sessions[handles[0]], !session.isSaved else { throw TPMError(.handle, .handle(1)) }
            hierarchy = TPMRH.null
            resetBound = true
            session.isSaved = true
            session.savedSequence = sequence
            w.write(PayloadKind.session.rawValue)
            w.write(handles[0])
        default:
            throw TPMError(.handle, .handle(1))
        }
        let blob = try ContextProtection.seal(
            w.bytes, sequence: sequence, handle: handles[0], hierarchy: hierarchy,
            resetBound: resetBound, tpm: tpm)
        return Response(
            context: TPMContext(sequence: sequence, savedHandle: handles[0], hierarchy: hierarchy, blob: blob))
    }
}
