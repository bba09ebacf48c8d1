import TPMTypes
import TrustCrypto

/// TPM2_RSA_Encrypt (Part 3 §14.2): encrypts with the public half of a loaded RSA decryption
/// key, under the key's scheme or the caller's (RSAES-PKCS1-v1_5, OAEP, or raw RSA). Needs no
/// authorization: anyone may encrypt to a key.
///
/// Response codes: TPM_RC_KEY (not an RSA key: handle 1), TPM_RC_ATTRIBUTES (no decrypt
/// attribute: handle 1), TPM_RC_VALUE (scheme not RSAES/OAEP/NULL: parameter 2; label not
/// NUL-terminated: parameter 3), TPM_RC_HASH (OAEP hash not implemented: parameter 2),
/// TPM_RC_SCHEME (differs from the key's: parameter 2), TPM_RC_VALUE without a culprit (the
/// message does not fit the scheme or is not below the modulus, as the reference code gives it).
extension RSA_Encrypt: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (key, padding) = try RSAEncryptionScheme.prepare(
            key: handles[0], requested: input.inScheme, label: input.label,
            unrestricted: false, tpm: tpm)
        let publicKey = try key.rsaPublicKey()
        do throws(CryptoError) {
            switch padding {
            case .pkcs1v15: return Response(outData: try publicKey.encryptPKCS1v15(input.message))
            case .oaep(let hash):
                return Response(outData: try publicKey.encryptOAEP(input.message, hash: hash, label: input.label))
            // Leading zero bytes of a raw message do not count; its value must be below the modulus.
            case .none: return Response(outData: try publicKey.encryptRaw(input.message))
            }
        } catch {
            throw TPMError(.value)
        }
    }
}
