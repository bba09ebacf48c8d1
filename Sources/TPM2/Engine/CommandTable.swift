import TPMTypes

/// The dispatch table: every described command (TPMCommands.all) with its body here. A
/// description without a body is left out, so the TPM answers it TPM_RC_COMMAND_CODE; a test
/// checks there is none.
enum CommandTable {
    static let entries: [TPMCommandCode: CommandEntry] = {
        Dictionary(
            uniqueKeysWithValues: TPMCommands.all.compactMap { command -> (TPMCommandCode, CommandEntry)? in
                guard let body = command as? any DescribedCommand.Type else { return nil }
                return (command.code, entry(of: body))
            })
    }()

    static let codesByName: [String: TPMCommandCode] = Dictionary(
        uniqueKeysWithValues: entries.values.map { ($0.name, $0.code) })

    private static func entry<Command: DescribedCommand>(of command: Command.Type) -> CommandEntry { command.entry() }
}
