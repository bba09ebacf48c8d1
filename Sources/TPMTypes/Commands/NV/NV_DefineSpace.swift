/// TPM2_NV_DefineSpace (Part 3 §31.3): reserves an index with its attributes, auth value and
/// size, under the owner (indices TPM2_Clear removes) or the platform (platformCreate ones).
public enum NV_DefineSpace: TPMCommandDescription {
    public static let code = TPMCommandCode.nvDefineSpace
    public static let handles: [TPMHandleSlot] = [.provision(.user)]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .writesNV]

    public struct Parameters: TPMParameterList {
        public var auth: [UInt8] = []
        public var publicInfo = TPMNVPublic()
        public static let fields: [TPMField<Self>] = [
            .sized(\.auth, max: TPMLimits.maxDigest), .sizedValue(\.publicInfo),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - auth: the authorization value of the index.
        ///   - publicInfo: the public parameters of the index (TPMS_NV_PUBLIC).
        public init(auth: [UInt8], publicInfo: TPMNVPublic) {
            self.auth = auth
            self.publicInfo = publicInfo
        }
    }

    public typealias Response = TPMNoParameters
}
