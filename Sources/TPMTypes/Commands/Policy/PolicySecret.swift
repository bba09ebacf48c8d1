/// TPM2_PolicySecret (Part 3 §23.4): the policy holds for whoever knows an entity's authValue,
/// with a ticket for later use when the grant expires.
public enum PolicySecret: TPMCommandDescription {
    public static let code = TPMCommandCode.policySecret
    /// TPMI_DH_ENTITY (no TPM_RH_NULL) and TPMI_SH_POLICY.
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(
            .user, HandleTypes.entity, permanent: [TPMRH.owner, TPMRH.endorsement, TPMRH.platform, TPMRH.lockout]),
        TPMHandleSlot(.none, HandleTypes.policySession),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var nonceTPM: [UInt8] = []
        public var cpHashA: [UInt8] = []
        public var policyRef: [UInt8] = []
        public var expiration: Int32 = 0
        public static let fields: [TPMField<Self>] = [
            .sized(\.nonceTPM, max: TPMLimits.maxDigest),
            .sized(\.cpHashA, max: TPMLimits.maxDigest),
            .sized(\.policyRef, max: TPMLimits.maxDigest),
            .custom(
                \.expiration,
                read: { (reader: inout TPMReader) throws(TPMError) in Int32(bitPattern: try reader.read(UInt32.self)) },
                write: { $1.write(UInt32(bitPattern: $0)) }),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - nonceTPM: the policy session's nonceTPM, or empty.
        ///   - cpHashA: digest of the command parameters the authorization is limited to; may be empty.
        ///   - policyRef: a reference to a policy relating to the authorization; may be empty.
        ///   - expiration: when the authorization expires, in seconds from the session's start (from Time zero
        ///     without a nonceTPM); 0 for never; a negative value also asks for a timeout and ticket.
        public init(nonceTPM: [UInt8], cpHashA: [UInt8], policyRef: [UInt8], expiration: Int32) {
            self.nonceTPM = nonceTPM
            self.cpHashA = cpHashA
            self.policyRef = policyRef
            self.expiration = expiration
        }
    }

    public typealias Response = TPMPolicyGrant
}
