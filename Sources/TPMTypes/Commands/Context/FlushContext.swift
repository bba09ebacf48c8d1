/// TPM2_FlushContext (Part 3 §28.4): removes a transient object, sequence or session. The
/// handle is a parameter, not in the handle area.
public enum FlushContext: TPMCommandDescription {
    public static let code = TPMCommandCode.flushContext
    public static let attributes: TPMCommandAttributes = [.withoutSessions]

    public struct Parameters: TPMParameterList {
        public var flushHandle: TPMHandle = 0
        public static let fields: [TPMField<Self>] = [.integer(\.flushHandle)]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter flushHandle: the transient object, sequence or session to flush (TPMI_DH_CONTEXT).
        public init(_ flushHandle: TPMHandle) { self.flushHandle = flushHandle }
    }

    public typealias Response = TPMNoParameters
}
