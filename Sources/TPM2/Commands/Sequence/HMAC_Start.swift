import TPMTypes
import TrustCrypto

/// TPM2_MAC_Start (Part 3 §17.3), which in 1.59 holds TPM2_HMAC_Start's command code (§17.2):
/// starts an HMAC sequence under a keyed-hash signing key or a CMAC sequence under a
/// symmetric-cipher signing key. The sequence takes a transient slot and is authorized by the
/// auth given here, not the key's.
///
/// Response codes: TPM_RC_TYPE, TPM_RC_ATTRIBUTES, TPM_RC_KEY (the key is not an unrestricted
/// keyed-hash or symmetric-cipher signing key: handle 1), TPM_RC_SYMMETRIC (inScheme not an
/// implemented hash, CMAC or NULL: parameter 2), TPM_RC_VALUE (inScheme differs from the key's,
/// or neither names one: parameter 2), TPM_RC_SCHEME (a hash for a cipher key or CMAC for a
/// keyed-hash key: parameter 2), TPM_RC_SIZE (auth longer than a digest: parameter 1),
/// TPM_RC_OBJECT_MEMORY.
extension HMAC_Start: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let (key, kind) = try MACKey.resolve(handles[0], requested: input.hashAlg, schemeParameter: 2, tpm: tpm)
        let context: any MACContext
        switch kind {
        case .hmac(let hash):
            context = try EngineCrypto.hmacContext(hash, key: key)
        case .cmac(let cipher):
            do { context = try CMACContext(cipher, key: key) } catch { throw TPMError(.failure) }
        }
        let sequence = HashSequence(kind: .mac(context), authValue: input.auth)
        return Response(sequenceHandle: try tpm.addTransient(.sequence(sequence)))
    }
}
