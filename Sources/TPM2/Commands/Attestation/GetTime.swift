import TPMTypes

/// TPM2_GetTime (Part 3 §18.7): signed Time, Clock and firmware version. Authorized by the
/// endorsement hierarchy's privacy administrator, since the values can link attestations.
///
/// Response codes: TPM_RC_KEY (not a signing key: handle 2), TPM_RC_SCHEME (parameter 2),
/// TPM_RC_VALUE (handle 1 not endorsement).
extension GetTime: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let signer = Attestation.Signer(handle: handles[1], handleNumber: 2, scheme: input.inScheme, schemeParameter: 2)
        let (attest, signature) = try Attestation.sign(
            type: TPMStructureTag.attestTime, signer: signer,
            qualifyingData: input.qualifyingData, tpm: tpm
        ) { w in
            // TPMS_TIME_ATTEST_INFO: TPMS_TIME_INFO then the firmware version, never obfuscated here.
            w.write(tpm.time)
            w.write(tpm.clockInfo)
            w.write(Attestation.firmwareVersion(tpm))
        }
        return Response(attest: attest, signature: signature)
    }
}
