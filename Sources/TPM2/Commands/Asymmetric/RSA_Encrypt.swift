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
struct RSA_Encrypt: TPMCommand {
    static let code = TPMCommandCode.rsaEncrypt
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var key: TPMHandle
        var message: [UInt8]
        var scheme: TPMScheme
        var label: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var outData: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(outData) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(key: handles[0], message: try parameters.sizedParameter(1, max: TPMLimits.maxRSAKeyBytes),
              scheme: try parameters.parameter(2), label: try parameters.sizedParameter(3, max: TPMLimits.maxData))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let (key, padding) = try RSAEncryptionScheme.prepare(key: input.key, requested: input.scheme, label: input.label,
                                                             unrestricted: false, tpm: tpm)
        let publicKey = try key.rsaPublicKey()
        do throws(CryptoError) {
            switch padding {
            case .pkcs1v15: return Output(outData: try publicKey.encryptPKCS1v15(input.message))
            case .oaep(let hash): return Output(outData: try publicKey.encryptOAEP(input.message, hash: hash, label: input.label))
            // Leading zero bytes of a raw message do not count; its value must be below the modulus.
            case .none: return Output(outData: try publicKey.encryptRaw(input.message))
            }
        } catch {
            throw TPMError(.value)
        }
    }
}
