/// TPM2_NV_Read (Part 3 §31.13): reads bytes of a written index (a counter or bit field reads
/// as its 8-byte big-endian value).
public enum NV_Read: TPMCommandDescription {
    public static let code = TPMCommandCode.nvRead
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var size: UInt16 = 0
        public var offset: UInt16 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.size), .integer(\.offset)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - size: the number of octets to read.
        ///   - offset: the octet offset into the index's data.
        public init(size: UInt16, offset: UInt16 = 0) {
            self.size = size
            self.offset = offset
        }
    }

    public struct Response: TPMParameterList {
        public var data: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.data, max: TPMLimits.maxNVBuffer)]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameter data: the data read.
        public init(data: [UInt8]) { self.data = data }
    }
}
