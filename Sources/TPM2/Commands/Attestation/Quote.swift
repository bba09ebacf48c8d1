import TPMTypes
import TrustCrypto

/// TPM2_Quote (Part 3 §18.4): a signed digest of the selected PCRs, hashed with the signing
/// scheme's hash, with the caller's nonce (qualifyingData).
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 1), TPM_RC_SCHEME (parameter 2),
/// TPM_RC_HASH (parameter 2), TPM_RC_VALUE (handle 1 not an object).
extension Quote: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let signer = Attestation.Signer(handle: handles[0], handleNumber: 1, scheme: input.inScheme, schemeParameter: 2)
        // handleTypes admits objects only, so there is always a key.
        guard let signing = try signer.resolve(on: tpm) else { throw TPMError(.value, .handle(1)) }
        let selection = tpm.pcrs.filter(input.pcrSelect)
        // The PCR digest uses the signing scheme's hash.
        let digest = tpm.pcrs.digest(selection, hash: signing.hash)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestQuote, signing: signing,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.write(selection)
            w.writeSized(digest)
        }
        return Response(attest: attest, signature: signature)
    }
}
