import TPMTypes

/// TPM2_GetSessionAuditDigest (Part 3 §18.5): the signed audit digest of a session
/// (TPMS_SESSION_AUDIT_INFO) and whether it was exclusive: no command ran since its digest
/// began that it did not audit. Authorized by the endorsement hierarchy's privacy administrator.
///
/// Response codes: TPM_RC_TYPE (not an HMAC or policy session that audits: handle 3).
extension GetSessionAuditDigest: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard let session = tpm.sessions[handles[2]], session.isAudit else { throw TPMError(.type, .handle(3)) }
        let exclusive = tpm.exclusiveAuditSession == handles[2]
        let signer = Attestation.Signer(handle: handles[1], handleNumber: 2, scheme: input.inScheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestSessionAudit, signer: signer,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.write(UInt8(exclusive ? 1 : 0))
            w.writeSized(session.auditDigest)
        }
        return Response(attest: attest, signature: signature)
    }
}
