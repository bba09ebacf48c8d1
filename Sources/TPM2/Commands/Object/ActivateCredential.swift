import TPMTypes
import TrustCrypto

/// TPM2_ActivateCredential (Part 3 §12.5, Part 1 §24): recovers the credential MakeCredential
/// protected. keyHandle's private key decrypts the seed (label "IDENTITY"); the blob must
/// carry an HMAC made with that seed over the Name of activateHandle, so the credential is
/// released only when the object it was made for is loaded here.
///
/// Response codes: TPM_RC_TYPE (keyHandle is not an asymmetric restricted decryption key:
/// handle 2), TPM_RC_VALUE, TPM_RC_SIZE, TPM_RC_ECC_POINT (the secret does not decrypt:
/// parameter 2), TPM_RC_FAILURE (keyHandle's key is unusable), TPM_RC_INTEGRITY (the blob was
/// not made with this seed for this object, or its content is not a TPM2B_DIGEST: parameter 1),
/// TPM_RC_INSUFFICIENT (the blob is too short for its HMAC: parameter 1).
struct ActivateCredential: TPMCommand {
    static let code = TPMCommandCode.activateCredential
    static let handles: [AuthRole] = [.admin, .user]
    static let handleTypes = [HandleTypes.object, HandleTypes.object]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    /// TPM2B_ID_OBJECT holds a TPMS_ID_OBJECT: two TPM2B_DIGESTs.
    static let maxIDObject = 2 * (2 + TPMLimits.maxDigest)

    struct Input {
        var activateHandle: TPMHandle
        var keyHandle: TPMHandle
        var credentialBlob: [UInt8]
        var secret: [UInt8]
    }

    struct Output: TPMCommandOutput {
        var certInfo: [UInt8]
        func marshalParameters(into writer: inout TPMWriter) { writer.writeSized(certInfo) }
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        Input(activateHandle: handles[0], keyHandle: handles[1],
              credentialBlob: try parameters.sizedParameter(1, max: maxIDObject),
              secret: try parameters.sizedParameter(2, max: TPMLimits.maxEncryptedSecret))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> Output {
        let key = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(input.keyHandle) }
        let activated = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(input.activateHandle) }
        try Credential.checkProtector(key, culprit: .handle(2))
        let seed: [UInt8]
        do {
            seed = try SecretExchange.decryptSecret(input.secret, key: key, label: "IDENTITY",
                                                    culpritKey: .handle(2), culpritSecret: .parameter(2))
        } catch where error.code == .key {
            // The key itself is unusable: the reference implementation reports a failure.
            throw TPMError(.failure)
        }
        let clear = try TPMError.attributing(.parameter(1)) { () throws(TPMError) in
            try ObjectProtection.unwrapOuter(input.credentialBlob, name: activated.name, protector: key, seed: seed)
        }
        var reader = TPMReader(clear)
        do { return Output(certInfo: try reader.readSized(max: TPMLimits.maxDigest)) }
        catch { throw TPMError(.integrity, .parameter(1)) }
    }
}
