import TrustCrypto

/// TPM2_HMAC (Part 3 §15.5): the HMAC of a buffer under a loaded keyed-hash signing key,
/// with the key's hash or, when its scheme leaves it open, the caller's.
///
/// Response codes: TPM_RC_TYPE (not a keyed-hash object: handle 1), TPM_RC_ATTRIBUTES
/// (restricted key: handle 1), TPM_RC_KEY (not a signing key: handle 1), TPM_RC_HASH (not an
/// implemented hash: parameter 2), TPM_RC_VALUE (hashAlg differs from the key's, or neither
/// names one: parameter 2), TPM_RC_AUTH_UNAVAILABLE (a key loaded without its sensitive area).
struct HMACCommand: TPMCommand {
    static let code = TPMCommandCode.hmac
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var buffer: [UInt8]
        var hashAlg: TPMAlgorithm
    }

    struct Output: TPMCommandOutput {
        var outHMAC: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(outHMAC) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0], buffer: try parameters.sizedParameter(1, max: TPMLimits.maxBuffer),
              hashAlg: try parameters.parameter(2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let (key, _, hash) = try HMACKey.resolve(input.key, requested: input.hashAlg, hashParameter: 2, tpm: tpm)
        return Output(outHMAC: HMAC.authenticationCode(hash, key: key, data: input.buffer))
    }
}
