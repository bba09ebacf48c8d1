/// TPM2_NV_ReadPublic (Part 3 §31.6): an index's public area and Name; needs no authorization.
public enum NV_ReadPublic: TPMCommandDescription {
    public static let code = TPMCommandCode.nvReadPublic
    public static let handles: [TPMHandleSlot] = [.nvIndex(.none)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var nvPublic = TPMNVPublic()
        public var nvName: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.nvPublic), .sized(\.nvName, max: TPMLimits.maxName),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - nvPublic: the index's public area (TPMS_NV_PUBLIC).
        ///   - nvName: the index's Name.
        public init(nvPublic: TPMNVPublic, nvName: [UInt8]) {
            self.nvPublic = nvPublic
            self.nvName = nvName
        }
    }
}
