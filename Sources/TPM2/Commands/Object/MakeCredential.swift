import TPMTypes
import TrustCrypto

/// TPM2_MakeCredential (Part 3 §12.6, Part 1 §24): protects a credential for the object named
/// `objectName` so that only the holder of `handle`'s private key, with that object loaded,
/// recovers it. A seed is sent to the key with label "IDENTITY"; the credential (a TPM2B_DIGEST)
/// is wrapped with the key's symmetric definition and name algorithm under that seed and the
/// object's Name (ObjectProtection.wrapOuter). Only public values are used: no authorization.
///
/// Response codes: TPM_RC_TYPE (handle is not an asymmetric restricted decryption key:
/// handle 1), TPM_RC_SIZE (credential longer than the key's name digest: parameter 1),
/// TPM_RC_KEY (the key's public area cannot encrypt: its ECC point is not on the curve),
/// TPM_RC_VALUE (the seed does not fit OAEP for this RSA key).
extension MakeCredential: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        try Credential.checkProtector(key, culprit: .handle(1))
        guard let hash = key.nameHash, input.credential.count <= hash.digestSize else {
            throw TPMError(.size, parameter(\.credential))
        }
        let (seed, secret) = try SecretExchange.encryptSecret(to: key, label: "IDENTITY", random: tpm.random)
        var inner = TPMWriter()
        inner.writeSized(input.credential)
        let blob = try ObjectProtection.wrapOuter(inner.bytes, name: input.objectName, protector: key, seed: seed)
        return Response(credentialBlob: blob, secret: secret)
    }
}

/// What MakeCredential and ActivateCredential share.
enum Credential {
    /// The key a credential is protected with: asymmetric, restricted and decrypt (Part 3
    /// §12.5–12.6), so it has the symmetric definition the wrapper needs. TPM_RC_TYPE otherwise.
    static func checkProtector(_ key: TPMObject, culprit: TPMError.Culprit) throws(TPMError) {
        let area = key.publicArea
        guard area.type == .rsa || area.type == .ecc,
            area.attributes.contains(.decrypt), area.attributes.contains(.restricted)
        else { throw TPMError(.type, culprit) }
    }
}
