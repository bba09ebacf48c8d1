/// TPM2_ContextSave (Part 3 §28.2): a loaded object, session or sequence saved as a
/// protected context the TPM can load again.
public enum ContextSave: TPMCommandDescription {
    public static let code = TPMCommandCode.contextSave
    /// TPMI_DH_CONTEXT.
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, [.transient, .hmacSession, .policySession])]
    public static let attributes: TPMCommandAttributes = [.withoutSessions]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var context = TPMContext()
        public static let fields: [TPMField<Self>] = [.value(\.context)]

        public init() {}
        /// Creates the response from each field.
        /// - Parameter context: the saved context (TPMS_CONTEXT).
        public init(context: TPMContext) { self.context = context }
    }
}
