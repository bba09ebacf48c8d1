/// TPM2_NV_Write (Part 3 §31.7): writes bytes into an ordinary (or PIN) index at an offset.
public enum NV_Write: TPMCommandDescription {
    public static let code = TPMCommandCode.nvWrite
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var data: [UInt8] = []
        public var offset: UInt16 = 0
        public static let fields: [TPMField<Self>] = [.sized(\.data, max: TPMLimits.maxNVBuffer), .integer(\.offset)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - data: the data to write.
        ///   - offset: the octet offset into the index's data where the write starts.
        public init(data: [UInt8], offset: UInt16 = 0) {
            self.data = data
            self.offset = offset
        }
    }

    public typealias Response = TPMNoParameters
}
