/// TPM2_ObjectChangeAuth (Part 3 §12.8): the object's private area again, wrapped by its parent, with a
/// new authValue.
public enum ObjectChangeAuth: TPMCommandDescription {
    public static let code = TPMCommandCode.objectChangeAuth
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.admin, HandleTypes.object), TPMHandleSlot(.none, HandleTypes.object),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var newAuth: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.newAuth, max: TPMLimits.maxDigest)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter newAuth: the new authorization value.
        public init(newAuth: [UInt8]) {
            self.newAuth = newAuth
        }
    }

    public struct Response: TPMParameterList {
        public var outPrivate: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.outPrivate, max: TPMLimits.maxPrivate)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter outPrivate: the object's private area (TPM2B_PRIVATE) with the new authorization value.
        public init(outPrivate: [UInt8]) {
            self.outPrivate = outPrivate
        }
    }
}
