import TPMTypes

/// TPM2_GetTime (Part 3 §18.7): signed Time, Clock and firmware version. Authorized by the
/// endorsement hierarchy's privacy administrator, since the values can link attestations.
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 2), TPM_RC_SCHEME (parameter 2),
/// TPM_RC_VALUE (handle 1 not endorsement).
struct GetTime: TPMCommand {
    static let code = TPMCommandCode.getTime
    static let handles: [AuthRole] = [.user, .user]
    static let handleTypes = [HandleTypes.permanent, HandleTypes.objectOrNull]
    static let firstParameterEncryptable = true
    static let firstResponseEncryptable = true

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
        let signer = Attestation.Signer(handle: input.signHandle, handleNumber: 2, scheme: input.scheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(type: TPMStructureTag.attestTime, signer: signer,
                                                       qualifyingData: input.qualifyingData, tpm: tpm) { w in
            // TPMS_TIME_ATTEST_INFO: TPMS_TIME_INFO then the firmware version, never obfuscated here.
            w.write(tpm.time)
            w.write(tpm.clockInfo)
            w.write(Attestation.firmwareVersion(tpm))
        }
        return AttestationOutput(attest: attest, signature: signature)
    }
}
