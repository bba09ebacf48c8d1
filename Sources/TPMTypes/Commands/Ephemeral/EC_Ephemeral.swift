/// TPM2_EC_Ephemeral (Part 3 §19.3): an ephemeral point for a two-phase key exchange, and its counter.
public enum EC_Ephemeral: TPMCommandDescription {
    public static let code = TPMCommandCode.ecEphemeral
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var curveID = TPMECCCurve.none
        public static let fields: [TPMField<Self>] = [.value(\.curveID)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter curveID: the curve on which to compute the ephemeral point.
        public init(curveID: TPMECCCurve) {
            self.curveID = curveID
        }
    }

    public struct Response: TPMParameterList {
        public var q = TPMECCPoint()
        public var counter: UInt16 = 0
        public static let fields: [TPMField<Self>] = [.sizedValue(\.q), .integer(\.counter)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameters:
        ///   - q: the ephemeral public point Q := [r]G.
        ///   - counter: the least-significant 16 bits of commitCount, to pass to TPM2_ZGen_2Phase.
        public init(q: TPMECCPoint, counter: UInt16) {
            self.q = q
            self.counter = counter
        }
    }
}
