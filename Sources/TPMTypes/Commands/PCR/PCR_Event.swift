/// TPM2_PCR_Event (Part 3 §22.3): hashes event data with every implemented hash and extends
/// the digests into a PCR (TPM_RH_NULL: only the digests).
public enum PCR_Event: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrEvent
    /// TPMI_DH_PCR+.
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.pcrOrNull, permanent: [TPMRH.null])]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var eventData: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.eventData, max: TPMLimits.maxEvent)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter eventData: the event data to hash.
        public init(eventData: [UInt8]) { self.eventData = eventData }
    }

    public struct Response: TPMParameterList {
        public var digests = TPMDigestValues()
        public static let fields: [TPMField<Self>] = [.value(\.digests)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter digests: the event data's digest in each implemented hash.
        public init(digests: TPMDigestValues) { self.digests = digests }
    }
}
