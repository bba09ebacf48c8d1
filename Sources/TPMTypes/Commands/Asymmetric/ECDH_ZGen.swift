/// TPM2_ECDH_ZGen (Part 3 §14.5): the shared point of a loaded key and another party's point.
public enum ECDH_ZGen: TPMCommandDescription {
    public static let code = TPMCommandCode.ecdhZGen
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inPoint = TPMECCPoint()
        public static let fields: [TPMField<Self>] = [.sizedValue(\.inPoint)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter inPoint: the other party's public point QB.
        public init(inPoint: TPMECCPoint) {
            self.inPoint = inPoint
        }
    }

    public struct Response: TPMParameterList {
        public var outPoint = TPMECCPoint()
        public static let fields: [TPMField<Self>] = [.sizedValue(\.outPoint)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter outPoint: the product Z := [h dS]QB of the loaded private key and inPoint.
        public init(outPoint: TPMECCPoint) {
            self.outPoint = outPoint
        }
    }
}
