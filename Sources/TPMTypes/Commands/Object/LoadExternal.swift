/// TPM2_LoadExternal (Part 3 §12.3): loads an object from outside the TPM, a public area
/// alone or with its sensitive area in the clear (then only in the NULL hierarchy).
public enum LoadExternal: TPMCommandDescription {
    public static let code = TPMCommandCode.loadExternal
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        /// TPM2B_SENSITIVE; nil (an empty buffer) for a public area alone.
        public var inPrivate: TPMSensitive?
        public var inPublic = TPMPublic()
        /// TPMI_RH_HIERARCHY+.
        public var hierarchy = TPMRH.null
        public static let fields: [TPMField<Self>] = [
            .custom(
                \.inPrivate,
                read: { (reader: inout TPMReader) throws(TPMError) in
                    try reader.readNested(allowEmpty: true) { (inner: inout TPMReader) throws(TPMError) in
                        try TPMSensitive(from: &inner)
                    }
                },
                write: { sensitive, writer in
                    if let sensitive {
                        writer.writeNested { sensitive.marshal(into: &$0) }
                    } else {
                        writer.writeSized([])
                    }
                }),
            .sizedValue(\.inPublic),
            .integer(
                \.hierarchy, where: { [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.null].contains($0) }),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - inPrivate: the object's sensitive area in the clear, or nil to load the public area alone.
        ///   - inPublic: the object's public area.
        ///   - hierarchy: the hierarchy the object is associated with.
        public init(inPrivate: TPMSensitive? = nil, inPublic: TPMPublic, hierarchy: TPMHandle) {
            self.inPrivate = inPrivate
            self.inPublic = inPublic
            self.hierarchy = hierarchy
        }
    }

    public typealias Response = TPMObjectLoaded
}
