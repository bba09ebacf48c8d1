import TPMTypes

/// TPM2_PP_Commands (Part 3 §26.2): which commands need physical presence when the platform
/// authorizes them with its password or an HMAC. PP_Commands itself always does, so this
/// command needs physical presence asserted.
///
/// Response codes: TPM_RC_PP (physical presence not asserted: session 1), TPM_RC_VALUE
/// (handle 1 not platform).
extension PP_Commands: DescribedCommand {
    static func execute(_ handles: [TPMHandle], _ input: Parameters, on tpm: TPMEngineState) throws(TPMError)
        -> Response
    {
        // Only implemented commands that take platform authorization can need presence.
        let eligible = input.setList.codes.filter { code in
            tpm.config.commands.contains(code)
                && (CommandTable.entries[code]?.handles.contains { $0 != .none } ?? false)
        }
        tpm.permanent.ppCommands.formUnion(eligible)
        tpm.permanent.ppCommands.subtract(input.clearList.codes)
        tpm.permanent.ppCommands.remove(.ppCommands)  // always required; not stored
        return Response()
    }
}
