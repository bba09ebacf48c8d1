/// TPM2_NV_Extend (Part 3 §31.9): extends data into an extend index as a PCR is extended.
public enum NV_Extend: TPMCommandDescription {
    public static let code = TPMCommandCode.nvExtend
    public static let handles: [TPMHandleSlot] = [.nvAuth(.user), .nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var data: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.data, max: TPMLimits.maxNVBuffer)]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameter data: the data to extend into the index.
        public init(data: [UInt8]) { self.data = data }
    }

    public typealias Response = TPMNoParameters
}
