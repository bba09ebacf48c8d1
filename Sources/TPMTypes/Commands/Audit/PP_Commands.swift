/// TPM2_PP_Commands (Part 3 §26.2): commands added to and removed from those that need physical presence.
public enum PP_Commands: TPMCommandDescription {
    public static let code = TPMCommandCode.ppCommands
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var setList: TPMCommandCodeList = TPMCommandCodeList()
        public var clearList: TPMCommandCodeList = TPMCommandCodeList()
        public static let fields: [TPMField<Self>] = [.value(\.setList), .value(\.clearList)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - setList: the commands to add to those that require physical presence.
        ///   - clearList: the commands to remove from those that require physical presence.
        public init(setList: TPMCommandCodeList, clearList: TPMCommandCodeList) {
            self.setList = setList
            self.clearList = clearList
        }
    }

    public typealias Response = TPMNoParameters
}
