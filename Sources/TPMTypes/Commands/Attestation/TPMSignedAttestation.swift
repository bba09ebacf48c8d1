/// What every attestation command answers: the TPMS_ATTEST the TPM built (in a TPM2B_ATTEST)
/// and its signature (TPM_ALG_NULL when the caller named no key).
public struct TPMSignedAttestation: TPMParameterList, Equatable, Sendable {
    public var attest: [UInt8] = []
    public var signature = TPMSignature.null
    public static let fields: [TPMField<Self>] = [.sized(\.attest, max: TPMLimits.maxAttest), .value(\.signature)]

    public init() {}
    public init(attest: [UInt8], signature: TPMSignature) {
        self.attest = attest
        self.signature = signature
    }
}
