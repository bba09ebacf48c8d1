import TPMTypes

/// TPM2_GetSessionAuditDigest (Part 3 §18.5): the signed audit digest of a session
/// (TPMS_SESSION_AUDIT_INFO) and whether it was exclusive: no command ran since its digest
/// began that it did not audit. Authorized by the endorsement hierarchy's privacy administrator.
///
/// Response codes: TPM_RC_TYPE (not an HMAC or policy session that audits: handle 3).
struct GetSessionAuditDigest: TPMCommand {
    static let code = TPMCommandCode.getSessionAuditDigest
    static let handles: [AuthRole] = [.user, .user, .none]
    static let handleTypes: [Set<TPMHandleType>] = [HandleTypes.permanent, HandleTypes.objectOrNull, [.hmacSession, .policySession]]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

    struct Input {
        var signHandle: TPMHandle
        var session: TPMHandle
        var qualifyingData: [UInt8]
        var scheme: TPMScheme
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.endorsement], culprit: .handle(1))
        try Attestation.checkSignHandle(handles[1], number: 2)
        let (data, scheme) = try Attestation.readRequest(&parameters)
        return Input(signHandle: handles[1], session: handles[2], qualifyingData: data, scheme: scheme)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        guard let session = tpm.sessions[input.session], session.isAudit else { throw TPMError(.type, .handle(3)) }
        let exclusive = tpm.exclusiveAuditSession == input.session
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 2, scheme: input.scheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestSessionAudit, signer: signer,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.write(UInt8(exclusive ? 1 : 0))
            w.writeSized(session.auditDigest)
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
