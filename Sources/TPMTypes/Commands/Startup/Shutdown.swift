/// TPM2_Shutdown (Part 3 §9.4): CLEAR prepares for a TPM Reset, STATE saves what the next
/// Startup(STATE) resumes.
public enum Shutdown: TPMCommandDescription {
    public static let code = TPMCommandCode.shutdown
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        public var shutdownType = TPMStartupType.clear
        public static let fields: [TPMField<Self>] = [.value(\.shutdownType)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter shutdownType: TPM_SU_CLEAR or TPM_SU_STATE.
        public init(_ shutdownType: TPMStartupType) { self.shutdownType = shutdownType }
    }

    public typealias Response = TPMNoParameters
}
