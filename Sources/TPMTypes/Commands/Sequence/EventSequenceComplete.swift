/// TPM2_EventSequenceComplete (Part 3 §17.6): the last data of an event sequence, its digest
/// in every bank, extended into a PCR (TPM_RH_NULL: only the digests); the sequence is flushed.
public enum EventSequenceComplete: TPMCommandDescription {
    public static let code = TPMCommandCode.eventSequenceComplete
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.user, HandleTypes.pcrOrNull, permanent: [TPMRH.null]), TPMHandleSlot(.user, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV, .flushesHandles]

    public struct Parameters: TPMParameterList {
        public var buffer: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.buffer, max: TPMLimits.maxBuffer)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter buffer: the last data to add to the event sequence.
        public init(buffer: [UInt8]) { self.buffer = buffer }
    }

    public struct Response: TPMParameterList {
        public var results = TPMDigestValues()
        public static let fields: [TPMField<Self>] = [.value(\.results)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter results: the event's digest in each implemented bank (TPML_DIGEST_VALUES).
        public init(results: TPMDigestValues) { self.results = results }
    }
}
