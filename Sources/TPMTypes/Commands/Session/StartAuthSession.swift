/// TPM2_StartAuthSession (Part 3 §11.1): an HMAC, policy or trial session, optionally salted
/// by a loaded key and bound to an entity.
public enum StartAuthSession: TPMCommandDescription {
    public static let code = TPMCommandCode.startAuthSession
    /// TPMI_DH_OBJECT+ (tpmKey) and TPMI_DH_ENTITY+ (bind).
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.none, HandleTypes.objectOrNull, permanent: [TPMRH.null]),
        TPMHandleSlot(
            .none, HandleTypes.entity,
            permanent: [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout, TPMRH.null]),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var nonceCaller: [UInt8] = []
        public var encryptedSalt: [UInt8] = []
        public var sessionType = TPMSessionType.hmac
        public var symmetric = TPMSymmetricDefinition.null
        public var authHash = TPMAlgorithm.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.nonceCaller, max: TPMLimits.maxDigest), .sized(\.encryptedSalt, max: TPMLimits.maxEncryptedSecret),
            .value(\.sessionType), .value(\.symmetric), .value(\.authHash),
        ]

        public init() {}
        public init(
            nonceCaller: [UInt8], encryptedSalt: [UInt8] = [], sessionType: TPMSessionType,
            symmetric: TPMSymmetricDefinition = .null, authHash: TPMAlgorithm
        ) {
            self.nonceCaller = nonceCaller
            self.encryptedSalt = encryptedSalt
            self.sessionType = sessionType
            self.symmetric = symmetric
            self.authHash = authHash
        }
    }

    public struct Response: TPMParameterList {
        public var sessionHandle: TPMHandle = 0
        public var nonceTPM: [UInt8] = []
        public static let fields: [TPMField<Self>] = [.sized(\.nonceTPM, max: TPMLimits.maxDigest)]
        public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.sessionHandle }

        public init() {}
        public init(sessionHandle: TPMHandle, nonceTPM: [UInt8]) {
            self.sessionHandle = sessionHandle
            self.nonceTPM = nonceTPM
        }
    }
}
