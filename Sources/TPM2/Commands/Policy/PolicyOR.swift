import TPMTypes

/// TPM2_PolicyOR (Part 3 §23.6): the session satisfies any one of 2–8 branch policies.
/// In a policy session the current policyDigest must be one of them; the digest becomes
/// H(0…0 || TPM_CC_PolicyOR || digest1 || … || digestN) whichever branch was taken.
///
/// Response codes: TPM_RC_SIZE (fewer than two or more than eight digests, or a digest
/// longer than TPMU_HA: parameter 1), TPM_RC_VALUE (the policyDigest is not in the list:
/// parameter 1; handle 1 is not a policy session).
struct PolicyOR: TPMCommand {
    static let code = TPMCommandCode.policyOR
    static let handles: [AuthRole] = [.none]
    static let handleTypes = [HandleTypes.policySession]

    struct Input { var session: TPMHandle; var hashList: [[UInt8]] }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        // TPML_DIGEST with count {2:8} in this command (Part 2 §10.9.2).
        let count: UInt32 = try parameters.integerParameter(1)
        guard count >= 2, count <= 8 else { throw TPMError(.size, .parameter(1)) }
        var list: [[UInt8]] = []
        for _ in 0..<count { list.append(try parameters.sizedParameter(1, max: TPMLimits.maxDigest)) }
        return Input(session: handles[0], hashList: list)
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        let session = try tpm.policySession(input.session)
        if !session.isTrial && !input.hashList.contains(session.policyDigest) { throw TPMError(.value, .parameter(1)) }
        session.policyDigest = [UInt8](repeating: 0, count: session.hash.digestSize)
        session.extendPolicy(.policyOR, input.hashList.flatMap { $0 })
        return NoOutput()
    }
}
