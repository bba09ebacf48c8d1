/// TPM2_ECDH_KeyGen (Part 3 §14.4): an ephemeral key pair on a loaded key's curve and the shared
/// point with its public key.
public enum ECDH_KeyGen: TPMCommandDescription {
    public static let code = TPMCommandCode.ecdhKeyGen
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var zPoint = TPMECCPoint()
        public var pubPoint = TPMECCPoint()
        public static let fields: [TPMField<Self>] = [.sizedValue(\.zPoint), .sizedValue(\.pubPoint)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - zPoint: the shared point P := h[de]Qs of the ephemeral private key and the loaded key's public point.
        ///   - pubPoint: the ephemeral public point Qe.
        public init(zPoint: TPMECCPoint, pubPoint: TPMECCPoint) {
            self.zPoint = zPoint
            self.pubPoint = pubPoint
        }
    }
}
