import TPMTypes
import TrustCrypto

/// TPM2_ECC_Encrypt (Part 3 §14.8, Library 1.59): encrypts with the public part of a loaded ECC
/// key: C1 = k·G, (x2, y2) = k·Q, C2 = M ⊕ KDF2(x2 ‖ y2), C3 = H(x2 ‖ M ‖ y2) — SM2 encryption
/// (GM/T 0003.4) when the key is SM2 P-256 and the hash SM3-256. Only the public area is used,
/// so a key loaded with LoadExternal's public part alone serves.
///
/// Response codes: TPM_RC_KEY (not an ECC key: handle 1), TPM_RC_SCHEME (no KDF scheme, one
/// differing from the key's, or not KDF2: parameter 2), TPM_RC_HASH (the scheme's hash is not
/// implemented: parameter 2), TPM_RC_KDF (inScheme not a KDF: parameter 2), TPM_RC_SIZE
/// (plainText longer than TPM2B_MAX_BUFFER: parameter 1), TPM_RC_NO_RESULT (the arithmetic failed).
extension ECC_Encrypt: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let key = try tpm.object(handles[0], sequenceCode: .key)
        let hash = try ECCEncryptionScheme.select(key: key, requested: input.inScheme, schemeNumber: 2, tpm: tpm)
        let publicKey = try key.eccPublicKey()
        do throws(CryptoError) {
            let (c1, c2, c3) = try publicKey.encryptSM2(input.plainText, hash: hash)
            return Response(c1: TPMECCPoint(c1), c2: c2, c3: c3)
        } catch {
            throw TPMError(.noResult)
        }
    }
}
