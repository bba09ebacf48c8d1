import TPMTypes

/// A counter written for the first time starts above the highest value any counter of this
/// TPM ever held, so undefining and redefining a counter never repeats a value.
///
/// Response codes: TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_ATTRIBUTES (not a
/// counter: handle 2).
extension NV_Increment: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        var index = try tpm.nvIndex(handles[1])
        try TPMEngineState.checkNVWriteAccess(auth: handles[0], index: index)
        guard index.publicArea.attributes.type == .counter else { throw TPMError(.attributes, .handle(2)) }
        let current =
            index.publicArea.attributes.contains(.written) ? index.data.bigEndianUInt64 : tpm.permanent.maxCounter
        let next = current &+ 1
        index.data = next.bigEndianBytes
        index.publicArea.attributes.insert(.written)
        tpm.permanent.maxCounter = max(tpm.permanent.maxCounter, next)
        tpm.updateNVIndex(index)
        return Response()
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) } }
}

extension Array where Element == UInt8 {
    /// The first eight bytes as a big-endian integer (zero-padded if shorter).
    var bigEndianUInt64: UInt64 { prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
}
