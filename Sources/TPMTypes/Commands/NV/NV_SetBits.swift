/// TPM2_NV_SetBits (Part 3 §31.10): ORs bits into a bit-field index.
public enum NV_SetBits: TPMCommandDescription {
    public static let code = TPMCommandCode.nvSetBits
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var bits: UInt64 = 0
        public static let fields: [TPMField<Self>] = [.integer(\.bits)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter bits: the bits to OR into the index's current contents.
        public init(bits: UInt64) { self.bits = bits }
    }

    public typealias Response = TPMNoParameters
}
