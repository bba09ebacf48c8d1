/// TPM2_ContextLoad (Part 3 §28.3): a saved context loaded again, at a new transient handle
/// (objects, sequences) or its own session handle.
public enum ContextLoad: TPMCommandDescription {
    public static let code = TPMCommandCode.contextLoad
    public static let attributes: TPMCommandAttributes = [.withoutSessions]

    public struct Parameters: TPMParameterList {
        public var context = TPMContext()
        public static let fields: [TPMField<Self>] = [.value(\.context)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter context: the saved context (TPMS_CONTEXT) that TPM2_ContextSave returned.
        public init(context: TPMContext) { self.context = context }
    }

    public struct Response: TPMParameterList {
        public var loadedHandle: TPMHandle = 0
        public static let fields: [TPMField<Self>] = []
        public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.loadedHandle }

        public init() {}
        /// Creates the response from each field.
        /// - Parameter loadedHandle: the handle assigned to the loaded context (TPMI_DH_CONTEXT), in the handle area.
        public init(loadedHandle: TPMHandle) { self.loadedHandle = loadedHandle }
    }
}
