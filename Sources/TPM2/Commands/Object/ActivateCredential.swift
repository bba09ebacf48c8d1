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
extension ActivateCredential: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
        let activated = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        try Credential.checkProtector(key, culprit: .handle(2))
        let seed: [UInt8]
        do {
            seed = try SecretExchange.decryptSecret(
                input.secret, key: key, label: "IDENTITY",
                culpritKey: .handle(2), culpritSecret: parameter(\.secret))
        } catch  where error.code == .key {
            // The key itself is unusable: the reference implementation reports a failure.
            throw TPMError(.failure)
        }
        let clear = try TPMError.attributing(parameter(\.credentialBlob)) { () throws(TPMError) in
            try ObjectProtection.unwrapOuter(input.credentialBlob, name: activated.name, protector: key, seed: seed)
        }
        var reader = TPMReader(clear)
        do { return Response(certInfo: try reader.readSized(max: TPMLimits.maxDigest)) } catch {
            throw TPMError(.integrity, parameter(\.credentialBlob))
        }
    }
}
