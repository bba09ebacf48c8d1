import TPMTypes

/// TPM2_PP_Commands (Part 3 §26.2): which commands need physical presence when the platform
/// authorizes them with its password or an HMAC. PP_Commands itself always does, so this
/// command needs physical presence asserted.
///
/// Response codes: TPM_RC_PP (physical presence not asserted: session 1), TPM_RC_VALUE
/// (handle 1 not platform).
struct PP_Commands: TPMCommand {
    static let code = TPMCommandCode.ppCommands
    static let handles: [AuthRole] = [.user]
    static let handleTypes = [HandleTypes.permanent]
    static let writesNV = true

    struct Input {
        var setList: [TPMCommandCode]
        var clearList: [TPMCommandCode]
    }

    static func parse(handles: [TPMHandle], parameters: inout TPMReader) throws(TPMError) -> Input {
        _ = try HandleRules.oneOf(handles[0], [TPMRH.platform], culprit: .handle(1))
        return Input(setList: try CommandCodeList.read(&parameters, parameter: 1),
                     clearList: try CommandCodeList.read(&parameters, parameter: 2))
    }

    static func execute(_ input: Input, on tpm: TPMEngineState) throws(TPMError) -> NoOutput {
        // Only implemented commands that take platform authorization can need presence.
        let eligible = input.setList.filter { code in
            tpm.config.commands.contains(code) && (CommandTable.entries[code]?.handles.contains { $0 != .none } ?? false)
        }
        tpm.permanent.ppCommands.formUnion(eligible)
        tpm.permanent.ppCommands.subtract(input.clearList)
        tpm.permanent.ppCommands.remove(.ppCommands)   // always required; not stored
        return NoOutput()
    }
}
