/// What TPM2_HashSequenceStart and TPM2_HMAC_Start take: the new sequence's authValue and
/// its hash (TPM_ALG_NULL: an event sequence, or the key's own scheme).
public struct TPMSequenceStartParameters: TPMParameterList, Equatable, Sendable {
    public var auth: [UInt8] = []
    public var hashAlg = TPMAlgorithm.null
    public static let fields: [TPMField<Self>] = [.sized(\.auth, max: TPMLimits.maxDigest), .value(\.hashAlg)]

    public init() {}
    /// Creates the parameters from each field.
    /// - Parameters:
    ///   - auth: the authValue for later use of the sequence.
    ///   - hashAlg: the hash of the sequence; TPM_ALG_NULL for an event sequence or the HMAC key's own scheme.
    public init(auth: [UInt8], hashAlg: TPMAlgorithm) {
        self.auth = auth
        self.hashAlg = hashAlg
    }
}

/// What both answer: the new sequence's handle, in the handle area, and no parameters.
public struct TPMSequenceStarted: TPMParameterList, Equatable, Sendable {
    public var sequenceHandle: TPMHandle = 0
    public static let fields: [TPMField<Self>] = []
    public static var handleField: WritableKeyPath<Self, TPMHandle>? { \.sequenceHandle }

    public init() {}
    /// Creates the response from each field.
    /// - Parameter sequenceHandle: the transient handle of the new sequence, in the handle area.
    public init(sequenceHandle: TPMHandle) { self.sequenceHandle = sequenceHandle }
}
