import TPMTypes
import TrustCrypto

/// TPM2_RSA_Decrypt (Part 3 §14.3): decrypts with a loaded unrestricted RSA decryption key,
/// under the key's scheme or the caller's. A restricted decryption key (a storage parent)
/// never decrypts for the caller: what it protects stays inside the TPM.
///
/// Response codes: TPM_RC_KEY (not an RSA key: handle 1), TPM_RC_ATTRIBUTES (no decrypt
/// attribute, or restricted: handle 1), TPM_RC_VALUE (scheme not RSAES/OAEP/NULL: parameter 2;
/// label not NUL-terminated: parameter 3), TPM_RC_HASH (OAEP hash not implemented: parameter 2),
/// TPM_RC_SCHEME (differs from the key's: parameter 2), and, without a culprit as the reference
/// code gives them, TPM_RC_SIZE (cipherText is not the size of the modulus) and TPM_RC_VALUE
/// (not below the modulus, or the padding does not decode).
extension RSA_Decrypt: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (key, padding) = try RSAEncryptionScheme.prepare(
            key: handles[0], requested: input.inScheme, label: input.label,
            unrestricted: true, tpm: tpm)
        guard case .rsa(let modulus) = key.publicArea.unique, input.cipherText.count == modulus.count else {
            throw TPMError(.size)
        }
        _ = try key.requireSensitive()
        let privateKey = try key.rsaPrivateKey()
        do throws(CryptoError) {
            switch padding {
            case .pkcs1v15: return Response(message: try privateKey.decryptPKCS1v15(input.cipherText))
            case .oaep(let hash):
                return Response(message: try privateKey.decryptOAEP(input.cipherText, hash: hash, label: input.label))
            case .none: return Response(message: try privateKey.decryptRaw(input.cipherText))
            }
        } catch {
            throw TPMError(.value)
        }
    }
}
