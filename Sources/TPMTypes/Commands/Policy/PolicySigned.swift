/// TPM2_PolicySigned (Part 3 §23.3): the policy holds with an authority's signature over the session nonce.
public enum PolicySigned: TPMCommandDescription {
    public static let code = TPMCommandCode.policySigned
    public static let handles: [TPMHandleSlot] = [
        TPMHandleSlot(.none, HandleTypes.object), TPMHandleSlot(.none, HandleTypes.policySession),
    ]
    public static let attributes: TPMCommandAttributes = [.decryptsFirstParameter, .encryptsFirstResponse]

    public struct Parameters: TPMParameterList {
        public var nonceTPM: [UInt8] = []
        public var cpHashA: [UInt8] = []
        public var policyRef: [UInt8] = []
        public var expiration: Int32 = 0
        public var auth = TPMSignature.null
        public static let fields: [TPMField<Self>] = [
            .sized(\.nonceTPM, max: TPMLimits.maxDigest),
            .sized(\.cpHashA, max: TPMLimits.maxDigest),
            .sized(\.policyRef, max: TPMLimits.maxDigest),
            .custom(
                \.expiration,
                read: { (reader: inout TPMReader) throws(TPMError) in Int32(bitPattern: try reader.read(UInt32.self)) },
                write: { $1.write(UInt32(bitPattern: $0)) }),
            .value(\.auth),
        ]

        public init() {}
        /// Creates the command parameters field by field.
        /// - Parameters:
        ///   - nonceTPM: the policy session's nonceTPM, or empty.
        ///   - cpHashA: digest of the command parameters the authorization is limited to; may be empty.
        ///   - policyRef: a reference to a policy relating to the authorization; may be empty.
        ///   - expiration: when the authorization expires, in seconds from the session's start (from Time zero
        ///     without a nonceTPM); 0 for never; a negative value also asks for a timeout and ticket.
        ///   - auth: the authority's signature over aHash = H(nonceTPM || expiration || cpHashA || policyRef).
        public init(nonceTPM: [UInt8], cpHashA: [UInt8], policyRef: [UInt8], expiration: Int32, auth: TPMSignature) {
            self.nonceTPM = nonceTPM
            self.cpHashA = cpHashA
            self.policyRef = policyRef
            self.expiration = expiration
            self.auth = auth
        }
    }

    public typealias Response = TPMPolicyGrant
}
