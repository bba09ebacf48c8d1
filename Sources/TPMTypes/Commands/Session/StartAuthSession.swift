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
        /// Creates the parameters from each field.
        /// - Parameters:
        ///   - nonceCaller: the initial nonceCaller; its size sets that of nonceTPM (at least 16 octets).
        ///   - encryptedSalt: the salt encrypted to tpmKey; empty when tpmKey is TPM_RH_NULL.
        ///   - sessionType: HMAC, policy or trial (TPM_SE).
        ///   - symmetric: the algorithm and key size for parameter encryption; TPM_ALG_NULL for none.
        ///   - authHash: the hash for the session key and the HMACs.
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
        /// Creates the response from each field.
        /// - Parameters:
        ///   - sessionHandle: the handle of the new session, in the handle area.
        ///   - nonceTPM: the TPM's initial nonce.
        public init(sessionHandle: TPMHandle, nonceTPM: [UInt8]) {
            self.sessionHandle = sessionHandle
            self.nonceTPM = nonceTPM
        }
    }
}
