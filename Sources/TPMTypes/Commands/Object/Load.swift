/// TPM2_Load (Part 3 §12.2): loads an object its parent wrapped (private and public areas)
/// at a transient handle.
public enum Load: TPMCommandDescription {
    public static let code = TPMCommandCode.load
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.user, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var inPrivate: [UInt8] = []
        public var inPublic = TPMPublic()
        public static let fields: [TPMField<Self>] = [
            .sized(\.inPrivate, max: TPMLimits.maxPrivate), .sizedValue(\.inPublic),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - inPrivate: the object's private area, wrapped by the parent (TPM2B_PRIVATE).
        ///   - inPublic: the object's public area.
        public init(inPrivate: [UInt8], inPublic: TPMPublic) {
            self.inPrivate = inPrivate
            self.inPublic = inPublic
        }
    }

    public typealias Response = TPMObjectLoaded
}
