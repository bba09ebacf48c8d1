/// What most attestation commands take: data to include (a nonce, usually) and the signing
/// scheme (TPM_ALG_NULL for the key's own).
public struct TPMAttestationRequest: TPMParameterList, Equatable, Sendable {
    public var qualifyingData: [UInt8] = []
    public var inScheme = TPMScheme.null
    public static let fields: [TPMField<Self>] = [
        .sized(\.qualifyingData, max: TPMLimits.maxData), .scheme(\.inScheme, kind: .signature),
    ]

    public init() {}
    /// Creates the request from each field.
    /// - Parameters:
    ///   - qualifyingData: user-provided data included in the attestation (extraData), usually a nonce.
    ///   - inScheme: the signing scheme to use if the signing key's scheme is TPM_ALG_NULL.
    public init(qualifyingData: [UInt8], inScheme: TPMScheme = .null) {
        self.qualifyingData = qualifyingData
        self.inScheme = inScheme
    }
}
