import TPMTypes

/// TPM2_PolicyOR (Part 3 §23.6): the session satisfies any one of 2–8 branch policies.
/// In a policy session the current policyDigest must be one of them; the digest becomes
/// H(0…0 || TPM_CC_PolicyOR || digest1 || … || digestN) whichever branch was taken.
///
/// Response codes: TPM_RC_SIZE (fewer than two or more than eight digests, or a digest
/// longer than TPMU_HA: parameter 1), TPM_RC_VALUE (the policyDigest is not in the list:
/// parameter 1; handle 1 is not a policy session).
extension PolicyOR: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        if !session.isTrial && !input.pHashList.contains(session.policyDigest) {
            throw TPMError(.value, parameter(\.pHashList))
        }
        session.policyDigest = [UInt8](repeating: 0, count: session.hash.digestSize)
        session.extendPolicy(.policyOR, input.pHashList.flatMap { $0 })
        return Response()
    }
}
