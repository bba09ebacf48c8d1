import TPMTypes

/// TPM2_SetCommandCodeAuditStatus (Part 3 §21.2): changes which commands are audited, or the
/// audit digest's hash (not both in one call; a new hash empties the digest). This command
/// itself is always audited.
///
/// Response codes: TPM_RC_VALUE (a new hash together with list changes: parameter 1; handle 1
/// not owner or platform), TPM_RC_HASH (parameter 1).
extension SetCommandCodeAuditStatus: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        if input.auditAlg != .null && input.auditAlg != tpm.permanent.auditHash {
            guard input.auditAlg.hashAlgorithm != nil, tpm.config.supports(input.auditAlg) else {
                throw TPMError(.hash, parameter(\.auditAlg))
            }
            guard input.setList.codes.isEmpty && input.clearList.codes.isEmpty else {
                throw TPMError(.value, parameter(\.auditAlg))
            }
            tpm.permanent.auditHash = input.auditAlg
            tpm.commandAuditDigest = []
        } else {
            // Commands this TPM does not implement are ignored, as Part 3 allows.
            tpm.permanent.auditCommands.formUnion(input.setList.codes.filter { tpm.config.commands.contains($0) })
            tpm.permanent.auditCommands.subtract(input.clearList.codes)
        }
        return Response()
    }
}
