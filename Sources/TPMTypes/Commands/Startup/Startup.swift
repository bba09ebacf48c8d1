/// TPM2_Startup (Part 3 §9.3): after _TPM_Init, a TPM Reset, Restart or Resume.
public enum Startup: TPMCommandDescription {
    public static let code = TPMCommandCode.startup
    public static let attributes: TPMCommandAttributes = [.writesNV, .withoutSessions]

    public struct Parameters: TPMParameterList {
        public var startupType = TPMStartupType.clear
        public static let fields: [TPMField<Self>] = [.value(\.startupType)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter startupType: TPM_SU_CLEAR or TPM_SU_STATE.
        public init(_ startupType: TPMStartupType) { self.startupType = startupType }
    }

    public typealias Response = TPMNoParameters
}
