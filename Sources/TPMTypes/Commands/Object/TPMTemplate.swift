/// TPM2B_TEMPLATE (Part 2 §12.2.6): a TPMT_PUBLIC in a sized buffer, except under a
/// derivation parent (known only when the command runs), where its unique field is a
/// TPMS_DERIVE. Both readings are kept; the buffer itself must be whole, and when it is not,
/// the TPMT_PUBLIC reading's error is the one given.
public struct TPMTemplate: Equatable, Sendable, TPMCodable {
    public var bytes: [UInt8]
    /// The buffer read as a TPMT_PUBLIC, or why it is not one.
    public var asPublic: Result<TPMPublic, TPMError>

    /// Creates a template holding a public area.
    /// - Parameter publicArea: the TPMT_PUBLIC to marshal into the buffer; it is also the TPMT_PUBLIC reading.
    public init(_ publicArea: TPMPublic) {
        bytes = publicArea.marshalled
        asPublic = .success(publicArea)
    }

    public init(from reader: inout TPMReader) throws(TPMError) {
        var probe = reader
        let asPublic = Result { () throws(TPMError) in try TPMPublic(sizedFrom: &probe) }
        do throws(TPMError) {
            bytes = try reader.readSized(max: TPMLimits.maxPublic)
        } catch {
            if case .failure(let publicError) = asPublic { throw publicError }
            throw error
        }
        self.asPublic = asPublic
    }

    public func marshal(into writer: inout TPMWriter) { writer.writeSized(bytes) }
}
