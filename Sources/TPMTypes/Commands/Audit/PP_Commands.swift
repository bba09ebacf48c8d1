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
        public init(setList: TPMCommandCodeList, clearList: TPMCommandCodeList) {
            self.setList = setList
            self.clearList = clearList
        }
    }

    public typealias Response = TPMNoParameters
}
