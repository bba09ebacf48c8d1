/// What TPM2_Load and TPM2_LoadExternal answer: the new object's handle, in the handle area,
/// and its Name.
public struct TPMObjectLoaded: TPMParameterList, Equatable, Sendable {
    public var objectHandle: TPMHandle = 0
    public var name: [UInt8] = []
    public static let fields: [TPMField<Self>] = [.sized(\.name, max: TPMLimits.maxName)]
    public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.objectHandle }

    public init() {}
    /// Creates the response parameters field by field.
    /// - Parameters:
    ///   - objectHandle: the transient handle (TPM_HT_TRANSIENT) the object is loaded at.
    ///   - name: the loaded object's Name.
    public init(objectHandle: TPMHandle, name: [UInt8]) {
        self.objectHandle = objectHandle
        self.name = name
    }
}
