/// What every attestation command answers: the TPMS_ATTEST the TPM built (in a TPM2B_ATTEST)
/// and its signature (TPM_ALG_NULL when the caller named no key).
public struct TPMSignedAttestation: TPMParameterList, Equatable, Sendable {
    public var attest: [UInt8] = []
    public var signature = TPMSignature.null
    public static let fields: [TPMField<Self>] = [.sized(\.attest, max: TPMLimits.maxAttest), .value(\.signature)]

    public init() {}
    /// Creates the response from each field.
    /// - Parameters:
    ///   - attest: the marshalled TPMS_ATTEST the TPM built (the contents of the TPM2B_ATTEST).
    ///   - signature: the signature over attest (TPM_ALG_NULL when no signing key was named).
    public init(attest: [UInt8], signature: TPMSignature) {
        self.attest = attest
        self.signature = signature
    }
}
