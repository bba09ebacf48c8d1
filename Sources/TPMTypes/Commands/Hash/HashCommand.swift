/// TPM2_Hash (Part 3 §15.4): a digest of data, with a ticket that the TPM computed it when
/// the data does not begin with TPM_GENERATED_VALUE. (Named HashCommand: TrustCrypto's
/// `Hash` is the digest function.)
public enum HashCommand: TPMCommandDescription {
    public static let code = TPMCommandCode.hash
    public static let name = "Hash"
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var data: [UInt8] = []
        public var hashAlg = TPMAlgorithm.sha256
        /// TPMI_RH_HIERARCHY+: the hierarchy of the ticket.
        public var hierarchy = TPMRH.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.data, max: TPMLimits.maxBuffer), .value(\.hashAlg),
            .integer(
                \.hierarchy, where: { [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null].contains($0) }),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - data: the data to hash.
        ///   - hashAlg: the hash algorithm; not TPM_ALG_NULL.
        ///   - hierarchy: the hierarchy of the ticket; TPM_RH_NULL for a NULL ticket.
        public init(data: [UInt8], hashAlg: TPMAlgorithm, hierarchy: TPMHandle = TPMRH.null) {
            self.data = data
            self.hashAlg = hashAlg
            self.hierarchy = hierarchy
        }
    }

    public struct Response: TPMParameterList {
        public var outHash: [UInt8] = []
        public var validation = TPMTicket.null(TPMStructureTag.hashcheck)
        public static let fields: [TPMField<Self>] = [
            .sized(\.outHash, max: TPMLimits.maxDigest), .value(\.validation),
        ]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - outHash: the digest of the data.
        ///   - validation: the hashcheck ticket that the data did not begin with TPM_GENERATED_VALUE; a NULL ticket if
        ///     it did or the hierarchy is TPM_RH_NULL.
        public init(outHash: [UInt8], validation: TPMTicket) {
            self.outHash = outHash
            self.validation = validation
        }
    }
}
