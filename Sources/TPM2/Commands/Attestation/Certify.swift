import TPMTypes

/// TPM2_Certify (Part 3 §18.2): a signed statement that an object with this Name (and
/// qualified Name) is loaded in this TPM. The object is authorized in the ADMIN role. Under an
/// anonymous scheme the qualified Name is left empty: it would link the signer to its hierarchy.
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 2), TPM_RC_SCHEME (parameter 2).
extension Certify: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let object = try TPMError.attributing(.handle(1)) { () throws(TPMError) in try tpm.object(handles[0]) }
        let signer = Attestation.Signer(handle: handles[1], handleNumber: 2, scheme: input.inScheme, schemeParameter: 2)
        let signing = try signer.resolve(on: tpm)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestCertify, signing: signing,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.writeSized(object.name)
            w.writeSized(signing?.isAnonymous == true ? [] : object.qualifiedName)
        }
        return Response(attest: attest, signature: signature)
    }
}
