/// TPM2_SequenceComplete (Part 3 §17.5): the last data, the digest or HMAC, and for a hash
/// the ticket that the TPM computed it (the sequence is flushed).
public enum SequenceComplete: TPMCommandDescription {
    public static let code = TPMCommandCode.sequenceComplete
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [
        .decryptsFirstParameter, .encryptsFirstResponse, .flushesHandles,
    ]

    public struct Parameters: TPMParameterList {
        public var buffer: [UInt8] = []
        /// TPMI_RH_HIERARCHY+: the hierarchy of the ticket.
        public var hierarchy = TPMRH.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.buffer, max: TPMLimits.maxBuffer),
            .integer(
                \.hierarchy, where: { [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null].contains($0) }),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - buffer: the last data to add to the hash or HMAC.
        ///   - hierarchy: the hierarchy of the ticket for a hash; TPM_RH_NULL for a NULL ticket.
        public init(buffer: [UInt8], hierarchy: TPMHandle = TPMRH.null) {
            self.buffer = buffer
            self.hierarchy = hierarchy
        }
    }

    public struct Response: TPMParameterList {
        public var result: [UInt8] = []
        public var validation = TPMTicket.null(TPMStructureTag.hashcheck)
        public static let fields: [TPMField<Self>] = [.sized(\.result, max: TPMLimits.maxDigest), .value(\.validation)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - result: the digest or HMAC.
        ///   - validation: for a hash, the hashcheck ticket that the data did not begin with TPM_GENERATED_VALUE; a
        ///     NULL ticket otherwise.
        public init(result: [UInt8], validation: TPMTicket) {
            self.result = result
            self.validation = validation
        }
    }
}
