/// TPM2_ZGen_2Phase (Part 3 §14.7): the two shared points of a two-phase key exchange.
public enum ZGen_2Phase: TPMCommandDescription {
    public static let code = TPMCommandCode.zGen2Phase
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inQsB = TPMECCPoint()
        public var inQeB = TPMECCPoint()
        public var inScheme = TPMAlgorithm.null
        public var counter: UInt16 = 0
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.inQsB),
            .sizedValue(\.inQeB),
            .custom(
                \.inScheme,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    // TPMI_ECC_KEY_EXCHANGE, without TPM_ALG_NULL here: ECDH, ECMQV or SM2 (TPM_RC_SCHEME).
                    let scheme = try TPMAlgorithm(from: &reader)
                    guard [.ecdh, .ecmqv, .sm2].contains(scheme) else { throw TPMError(.scheme) }
                    return scheme
                }, write: { $0.marshal(into: &$1) }),
            .integer(\.counter),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - inQsB: the other party's static public key (Qs,B = [ds,B]G).
        ///   - inQeB: the other party's ephemeral public key (Qe,B = [de,B]G).
        ///   - inScheme: the key exchange scheme: TPM_ALG_ECDH, TPM_ALG_ECMQV or TPM_ALG_SM2.
        ///   - counter: the value TPM2_EC_Ephemeral returned for the ephemeral key.
        public init(inQsB: TPMECCPoint, inQeB: TPMECCPoint, inScheme: TPMAlgorithm, counter: UInt16) {
            self.inQsB = inQsB
            self.inQeB = inQeB
            self.inScheme = inScheme
            self.counter = counter
        }
    }

    public struct Response: TPMParameterList {
        public var outZ1 = TPMECCPoint()
        public var outZ2 = TPMECCPoint()
        public static let fields: [TPMField<Self>] = [.sizedValue(\.outZ1), .sizedValue(\.outZ2)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - outZ1: the first computed point (scheme-dependent).
        ///   - outZ2: the second computed point (scheme-dependent).
        public init(outZ1: TPMECCPoint, outZ2: TPMECCPoint) {
            self.outZ1 = outZ1
            self.outZ2 = outZ2
        }
    }
}
