import TPMTypes
import TrustCrypto

/// TPM2_GetCommandAuditDigest (Part 3 §18.6): the signed command audit digest with the
/// audit counter and a digest of the audited command list (TPMS_COMMAND_AUDIT_INFO). Reading
/// it ends the digest: the next audited command starts a new one. Authorized by the
/// endorsement hierarchy's privacy administrator.
extension GetCommandAuditDigest: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        guard let hash = tpm.permanent.auditHash.hashAlgorithm else { throw TPMError.failure }
        // commandDigest: H(the audited command codes, in ascending order, as UINT32s).
        var list = TPMWriter()
        for code in tpm.config.commands.filter(tpm.isAudited).sorted(by: { $0.rawValue < $1.rawValue }) {
            list.write(code.rawValue)
        }
        let signer = Attestation.Signer(handle: handles[1], handleNumber: 2, scheme: input.inScheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestCommandAudit, signer: signer,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            w.write(tpm.permanent.auditCounter)
            w.write(tpm.permanent.auditHash)
            w.writeSized(tpm.commandAuditDigest)
            w.writeSized(EngineCrypto.digest(hash, list.bytes))
        }
        tpm.commandAuditDigest = []
        return Response(attest: attest, signature: signature)
    }
}
