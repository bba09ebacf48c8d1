/// TPM2_PCR_Extend (Part 3 §22.2): extends digests into a PCR's banks (TPM_RH_NULL: nothing).
public enum PCR_Extend: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrExtend
    /// TPMI_DH_PCR+.
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.pcrOrNull, permanent: [TPMRH.null])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var digests = TPMDigestValues()
        public static let fields: [TPMField<Self>] = [.value(\.digests)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter digests: the tagged digests to extend, one per bank.
        public init(digests: TPMDigestValues) { self.digests = digests }
    }

    public typealias Response = TPMNoParameters
}
