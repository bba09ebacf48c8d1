import TPMTypes
import TrustCrypto

/// TPM2_GetCommandAuditDigest (Part 3 §18.6): the signed command audit digest with the
/// audit counter and a digest of the audited command list (TPMS_COMMAND_AUDIT_INFO). Reading
/// it ends the digest: the next audited command starts a new one. Authorized by the
/// endorsement hierarchy's privacy administrator.
struct GetCommandAuditDigest: TPMCommand {
    static let code = TPMCommandCode.getCommandAuditDigest
    static let handles: [AuthRole] = [.user, .user]
    static let handleTypes = [HandleTypes.permanent, HandleTypes.objectOrNull]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true
    static let writesNV = true

    struct Input {
        var signHandle: TPMHandle
        var qualifyingData: [UInt8]
        var scheme: TPMScheme
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.endorsement], culprit: .handle(1))
        try Attestation.checkSignHandle(handles[1], number: 2)
        let (data, scheme) = try Attestation.readRequest(&parameters)
        return Input(signHandle: handles[1], qualifyingData: data, scheme: scheme)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> AttestationOutput {
        guard let hash = tpm.permanent.auditHash.hashAlgorithm else { throw TPMError.failure }
        // commandDigest: H(the audited command codes, in ascending order, as UINT32s).
        var list = TPMWriter()
        for code in tpm.config.commands.filter(tpm.isAudited).sorted(by: { $0.rawValue < $1.rawValue }) { list.write(code.rawValue) }
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 2, scheme: input.scheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestCommandAudit, signer: signer,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            w.write(tpm.permanent.auditCounter)
            w.write(tpm.permanent.auditHash)
            w.writeSized(tpm.commandAuditDigest)
            w.writeSized(EngineCrypto.digest(hash, list.bytes))
        }
        tpm.commandAuditDigest = []
        return AttestationOutput(attest: attest, signature: signature)
    }
}
