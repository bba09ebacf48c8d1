import TPMTypes
import TrustCrypto

/// TPM2_MAC (Part 3 §15.6), which in 1.59 holds TPM2_HMAC's command code (§15.5): the MAC of a
/// buffer under a loaded unrestricted signing key, HMAC for a keyed-hash key and CMAC for a
/// symmetric-cipher key, with the key's scheme or, when the key leaves it open, the caller's.
///
/// Response codes: TPM_RC_TYPE (neither a keyed-hash nor a symmetric-cipher object: handle 1),
/// TPM_RC_ATTRIBUTES (restricted key: handle 1), TPM_RC_KEY (not a signing key: handle 1),
/// TPM_RC_SYMMETRIC (inScheme not an implemented hash, CMAC or NULL: parameter 2), TPM_RC_VALUE
/// (inScheme differs from the key's, or neither names one: parameter 2), TPM_RC_SCHEME (a hash
/// for a cipher key or CMAC for a keyed-hash key: parameter 2), TPM_RC_AUTH_UNAVAILABLE (a key
/// loaded without its sensitive area).
extension HMACCommand: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (key, kind) = try MACKey.resolve(handles[0], requested: input.hashAlg, schemeParameter: 2, tpm: tpm)
        switch kind {
        case .hmac(let hash):
            return Response(outHMAC: EngineCrypto.hmac(hash, key: key, [input.buffer]))
        case .cmac(let cipher):
            do {
                return Response(outHMAC: try CMACContext.authenticationCode(cipher, key: key, data: input.buffer))
            } catch { throw TPMError(.failure) }
        }
    }
}
