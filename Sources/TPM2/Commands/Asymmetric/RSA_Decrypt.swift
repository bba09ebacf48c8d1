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
struct RSA_Decrypt: TPMCommand {
    static let code = TPMCommandCode.rsaDecrypt
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var cipherText: [UInt8]
        var scheme: TPMScheme
        var label: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var message: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(message) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0], cipherText: try parameters.sizedParameter(1, max: TPMLimits.maxRSAKeyBytes),
              scheme: try parameters.parameter(2), label: try parameters.sizedParameter(3, max: TPMLimits.maxData))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let (key, padding) = try RSAEncryptionScheme.prepare(key: input.key, requested: input.scheme, label: input.label,
                                                             unrestricted: true, tpm: tpm)
        guard case .rsa(let modulus) = key.publicArea.unique, input.cipherText.count == modulus.count else { throw TPMError(.size) }
        _ = try key.requireSensitive()
        let privateKey = try key.rsaPrivateKey()
        do throws(CryptoError) {
            switch padding {
            case .pkcs1v15: return Output(message: try privateKey.decryptPKCS1v15(input.cipherText))
            case .oaep(let hash): return Output(message: try privateKey.decryptOAEP(input.cipherText, hash: hash, label: input.label))
            case .none: return Output(message: try privateKey.decryptRaw(input.cipherText))
            }
        } catch {
            throw TPMError(.value)
        }
    }
}
