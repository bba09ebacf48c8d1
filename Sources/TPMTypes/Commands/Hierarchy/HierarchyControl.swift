/// TPM2_HierarchyControl (Part 3 §24.2): enables or disables a hierarchy (or platform NV).
public enum HierarchyControl: TPMCommandDescription {
    public static let code = TPMCommandCode.hierarchyControl
    public static let handles: [TPMHandleSlot] = [.oneOf(.user, [TPMRH.owner, TPMRH.endorsement, TPMRH.platform])]
    public static let attributes: TPMCommandAttributes = [.writesNV, .extensive]

    public struct Parameters: TPMParameterList {
        /// TPMI_RH_ENABLES.
        public var enable: TPMHandle = 0
        public var state = false
        public static let fields: [TPMField<Self>] = [
            .integer(
                \.enable, where: { [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.platformNV].contains($0) }),
            .yesNo(\.state),
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - enable: the enable to change: TPM_RH_OWNER, TPM_RH_ENDORSEMENT, TPM_RH_PLATFORM or TPM_RH_PLATFORM_NV.
        ///   - state: YES to enable, NO to disable.
        public init(enable: TPMHandle, state: Bool) {
            self.enable = enable
            self.state = state
        }
    }

    public typealias Response = TPMNoParameters
}
