/// TPM2_EC_Ephemeral (Part 3 §19.3): an ephemeral point for a two-phase key exchange, and its counter.
public enum EC_Ephemeral: TPMCommandDescription {
    public static let code = TPMCommandCode.ecEphemeral
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var curveID = TPMECCCurve.none
        public static let fields: [TPMField<Self>] = [.value(\.curveID)]

        public init() {}
        public init(curveID: TPMECCCurve) {
            self.curveID = curveID
        }
    }

    public struct Response: TPMParameterList {
        public var q = TPMECCPoint()
        public var counter: UInt16 = 0
        public static let fields: [TPMField<Self>] = [.sizedValue(\.q), .integer(\.counter)]

        public init() {}
        public init(q: TPMECCPoint, counter: UInt16) {
            self.q = q
            self.counter = counter
        }
    }
}
