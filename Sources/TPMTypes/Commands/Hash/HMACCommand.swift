/// TPM2_HMAC (Part 3 §15.5): an HMAC (or, with a symmetric key, a CMAC) of data under a
/// loaded key. (Named HMACCommand beside TrustCrypto's HMAC types.)
public enum HMACCommand: TPMCommandDescription {
    public static let code = TPMCommandCode.hmac
    public static let name = "HMAC"
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var buffer: [UInt8] = []
        /// TPMI_ALG_MAC_SCHEME: TPM_ALG_NULL for the key's own scheme.
        public var hashAlg = TPMAlgorithm.null
        public static let fields: [TPMField<Self>] = [.sized(\.buffer, max: TPMLimits.maxBuffer), .value(\.hashAlg)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - buffer: the data to HMAC.
        ///   - hashAlg: the algorithm for the HMAC; TPM_ALG_NULL for the key's own scheme.
        public init(buffer: [UInt8], hashAlg: TPMAlgorithm = .null) {
            self.buffer = buffer
            self.hashAlg = hashAlg
        }
    }

    public struct Response: TPMParameterList {
        public var outHMAC: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.outHMAC, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter outHMAC: the HMAC (or CMAC) of the data.
        public init(outHMAC: [UInt8]) { self.outHMAC = outHMAC }
    }
}
