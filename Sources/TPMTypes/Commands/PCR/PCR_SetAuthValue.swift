/// TPM2_PCR_SetAuthValue (Part 3 §22.7): the authValue of a PCR in an authorization group.
public enum PCR_SetAuthValue: TPMCommandDescription {
    public static let code = TPMCommandCode.pcrSetAuthValue
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.pcr)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter]

    public struct Parameters: TPMParameterList {
        public var auth: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.auth, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter auth: the desired authorization value of the PCR's authorization group.
        public init(auth: [UInt8]) { self.auth = auth }
    }

    public typealias Response = TPMNoParameters
}
