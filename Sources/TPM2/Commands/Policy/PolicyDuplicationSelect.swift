import TPMTypes
import TrustCrypto

/// TPM2_PolicyDuplicationSelect (Part 3 §23.15): the policy authorizes only Duplicate, only
/// to newParentName and (always, through the nameHash it sets) only of objectName.
/// policyDigest_new = H(policyDigest_old || TPM_CC_PolicyDuplicationSelect || [objectName
/// when includeObject] || newParentName || includeObject); nameHash = H(objectName ||
/// newParentName), checked as PolicyNameHash's is.
///
/// Response codes: TPM_RC_CPHASH (a cpHash, nameHash or templateHash is set),
/// TPM_RC_COMMAND_CODE (a command code is set), TPM_RC_VALUE (includeObject is not YES or
/// NO: parameter 3; handle 1 is not a policy session).
extension PolicyDuplicationSelect: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        let session = try tpm.policySession(handles[0])
        let state = session.policy
        if state.cpHash != nil || state.nameHash != nil || state.templateHash != nil { throw TPMError(.cpHash) }
        if state.commandCode != nil { throw TPMError(.commandCode) }
        var w = TPMWriter()
        if input.includeObject { w.write(bytes: input.objectName) }
        w.write(bytes: input.newParentName)
        w.write(UInt8(input.includeObject ? 1 : 0))
        session.extendPolicy(code, w.bytes)
        session.policy.nameHash = EngineCrypto.digest(session.hash, input.objectName + input.newParentName)
        session.policy.commandCode = .duplicate
        return Response()
    }
}
