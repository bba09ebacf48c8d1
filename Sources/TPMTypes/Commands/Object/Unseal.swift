/// TPM2_Unseal (Part 3 §12.7): the data sealed in a keyed-hash object.
public enum Unseal: TPMCommandDescription {
    public static let code = TPMCommandCode.unseal
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var outData: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.outData, max: TPMLimits.maxSensitiveData)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter outData: the data unsealed from the keyed-hash object.
        public init(outData: [UInt8]) { self.outData = outData }
    }
}
