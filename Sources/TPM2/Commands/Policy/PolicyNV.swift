import TPMTypes

/// TPM2_PolicyNV (Part 3 §23.9): the policy holds only while the NV index's data at `offset`
/// compares to operandB as `operation` says. The index is read as NV_Read would read it
/// (authHandle authorized as USER; the index itself needs authRead or policyRead).
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyNV || H(operandB || offset ||
/// operation) || nvIndex Name).
///
/// Response codes: TPM_RC_NV_AUTHORIZATION, TPM_RC_NV_LOCKED, TPM_RC_NV_UNINITIALIZED (read
/// access), TPM_RC_VALUE (offset past the data: parameter 2; operation unknown: parameter 3;
/// handle 3 is not a policy session), TPM_RC_SIZE (operandB runs past the data: parameter 1),
/// TPM_RC_POLICY (the comparison fails). A trial session skips the read.
extension PolicyNV: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[2], number: 3)
        let index = try tpm.nvIndex(handles[1])
        if !session.isTrial {
            try TPMEngineState.checkNVReadAccess(auth: handles[0], index: index)
            let dataSize = Int(index.publicArea.dataSize)
            let offset = Int(input.offset)
            guard offset <= dataSize else { throw TPMError(.value, parameter(\.offset)) }
            guard dataSize - offset >= input.operandB.count else { throw TPMError(.size, parameter(\.operandB)) }
            let operandA = Array(index.data[offset..<offset + input.operandB.count])
            guard
                PolicyGrant.holds(
                    input.operation, operandA, input.operandB,
                    twosComplement: tpm.config.twosComplementSignedComparison)
            else { throw TPMError(.policy) }
        }
        PolicyGrant.extendComparison(
            session, code: code, operandB: input.operandB, offset: input.offset, operation: input.operation,
            name: index.publicArea.name)
        return Response()
    }
}
