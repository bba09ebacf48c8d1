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
        public init(outZ1: TPMECCPoint, outZ2: TPMECCPoint) {
            self.outZ1 = outZ1
            self.outZ2 = outZ2
        }
    }
}
