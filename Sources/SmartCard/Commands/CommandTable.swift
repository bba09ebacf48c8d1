/// A command family's entry: the complete command (chains joined) on the card; returns data and
/// a success or warning status, throws the status word of a failure.
typealias CardCommandHandler = @Sendable (CommandAPDU, CardOS) throws(StatusWord) -> CardResponse

/// Instruction byte → handler: a table, not a growing switch. GET RESPONSE is answered by the
/// transmission layer (CardOS.dispatch) because it reads what the previous command left.
enum CommandTable {
    static let commands: [UInt8: CardCommandHandler] = [
        0xA4: SelectCommand.run,
        0xB0: BinaryCommands.read,
        0xD6: BinaryCommands.update,
        0xB2: RecordCommands.read,
        0xDC: RecordCommands.update,
        0xE2: RecordCommands.append,
        0x20: ReferenceDataCommands.verify(in: .fileSystem),
        0x24: ReferenceDataCommands.change(in: .fileSystem),
        0x2C: ReferenceDataCommands.resetRetryCounter(in: .fileSystem),
        0x84: AuthenticationCommands.getChallenge,
        0x82: AuthenticationCommands.externalAuthenticate,
        0x88: AuthenticationCommands.internalAuthenticate,
        0x22: SecurityEnvironmentCommand.run,
        0x2A: SecurityOperationCommand.run,
        0x47: KeyPairGeneration.run,
        0x70: ManageChannelCommand.run,
    ]

    /// What the card OS still answers while an application is selected on the channel: the
    /// way out of it (SELECT) and channel management.
    static let aroundApplications: [UInt8: CardCommandHandler] = [
        0xA4: SelectCommand.run,
        0x70: ManageChannelCommand.run,
    ]
}

extension CommandAPDU {
    /// 6B00 unless P1-P2 are both zero, for commands that define no parameters.
    func requireNoParameters() throws(StatusWord) {
        guard p1 == 0, p2 == 0 else { throw .wrongParameters }
    }

    /// 6700 when a command that takes no data got some.
    func requireNoData() throws(StatusWord) {
        guard data.isEmpty else { throw .wrongLength }
    }
}
