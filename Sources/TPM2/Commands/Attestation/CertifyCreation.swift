import TPMTypes
import TrustCrypto

/// TPM2_CertifyCreation (Part 3 §18.3): a signed statement that this TPM created the object
/// with this creation hash, proven by the creation ticket Create or CreatePrimary returned.
///
/// Response codes: TPM_RC_TICKET (the ticket is not for this object and hash: parameter 4),
/// TPM_RC_KEY (not a signing key: handle 1), TPM_RC_SCHEME (parameter 3).
extension CertifyCreation: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let object = try TPMError.attributing(.handle(2)) { () throws(TPMError) in try tpm.object(handles[1]) }
        guard let hash = object.nameHash, input.creationTicket.hierarchy != TPMRH.null || object.hierarchy == TPMRH.null
        else {
            throw TPMError(.ticket, parameter(\.creationTicket))
        }
        let expected = Tickets.creation(
            hierarchy: input.creationTicket.hierarchy, name: object.name, creationHash: input.creationHash,
            hash: hash, tpm: tpm)
        guard SecureBytes.equal(expected.digest, input.creationTicket.digest) else {
            throw TPMError(.ticket, parameter(\.creationTicket))
        }
        let signer = Attestation.Signer(handle: handles[0], handleNumber: 1, scheme: input.inScheme, schemeParameter: 3)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestCreation, signer: signer,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.writeSized(object.name)
            w.writeSized(input.creationHash)
        }
        return Response(attest: attest, signature: signature)
    }
}
