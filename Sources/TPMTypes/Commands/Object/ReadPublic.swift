/// TPM2_ReadPublic (Part 3 §12.4): a loaded object's public area, Name and Qualified Name;
/// needs no authorization.
public enum ReadPublic: TPMCommandDescription {
    public static let code = TPMCommandCode.readPublic
    public static let handles: [TPMHandleSlot] = [TPMHandleSlot(.none, HandleTypes.object)]
    public static let attributes: TPMCommandAttributes = [.encryptsFirstResponse]
    public typealias Parameters = TPMNoParameters

    public struct Response: TPMParameterList {
        public var outPublic = TPMPublic()
        public var name: [UInt8] = []
        public var qualifiedName: [UInt8] = []
        public static let fields: [TPMField<Self>] = [
            .sizedValue(\.outPublic), .sized(\.name, max: TPMLimits.maxName),
            .sized(\.qualifiedName, max: TPMLimits.maxName),
        ]

        public init() {}
        /// Creates the response parameters field by field.
        /// - Parameters:
        ///   - outPublic: the object's public area.
        ///   - name: the object's Name.
        ///   - qualifiedName: the object's Qualified Name.
        public init(outPublic: TPMPublic, name: [UInt8], qualifiedName: [UInt8]) {
            self.outPublic = outPublic
            self.name = name
            self.qualifiedName = qualifiedName
        }
    }
}
