/// TPM2_EvictControl (Part 3 §28.5): makes a loaded object persistent at a handle in NV, or
/// removes a persistent one.
public enum EvictControl: TPMCommandDescription {
    public static let code = TPMCommandCode.evictControl
    public static let handles: [TPMHandleSlot] = [.provision(.user), TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.writesNV]

    public struct Parameters: TPMParameterList {
        /// TPMI_DH_PERSISTENT.
        public var persistentHandle: TPMHandle = 0
        public static let fields: [TPMField<Self>] = [
            .integer(\.persistentHandle, where: { $0.handleType == .persistent })
        ]

        public init() {}
        /// Creates the parameters from each field.
        /// - Parameter persistentHandle: the handle to make a transient object persistent at, or a persistent
        ///   object's own handle.
        public init(persistentHandle: TPMHandle) { self.persistentHandle = persistentHandle }
    }

    public typealias Response = TPMNoParameters
}
