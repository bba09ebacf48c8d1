import Profiles

/// The OpenPGP card application (OpenPGP Smart Card Application 3.4). Its AID carries the
/// manufacturer and the card's serial number: D2 76 00 01 24 01, version 03 04, manufacturer
/// FF FE (a test card's range), serial (4 bytes), 00 00.
final class OpenPGPApplication: CardApplication {
    typealias Session = OpenPGPSession

    let aid: [UInt8]
    var minimumSelectLength: Int { 6 }
    let commands: [UInt8: CardCommandHandler]

    init(profile: HardwareProfile.CardSection) {
        let serial = profile.serialNumber ?? 0
        aid =
            [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01, 0x03, 0x04, 0xFF, 0xFE]
            + withUnsafeBytes(of: serial.bigEndian, Array.init) + [0x00, 0x00]
        let card = OpenPGPCardInfo(
            aid: aid, historicalBytes: profile.historicalByteValues ?? [],
            maxCommandLength: profile.maxCommandDataLength,
            maxResponseLength: profile.maxResponseDataLength)
        let operational: [UInt8: CardCommandHandler] = [
            0xCA: { apdu, os throws(StatusWord) in try OpenPGPDataCommands.get(apdu, os, card) },
            0xDA: OpenPGPDataCommands.put,
            0xA5: OpenPGPDataCommands.selectData,
            0xCC: OpenPGPDataCommands.getNextData,
            0xDB: OpenPGPKeyImport.run,
            0x20: OpenPGPPasswordCommands.verify,
            0x24: OpenPGPPasswordCommands.change,
            0x2C: OpenPGPPasswordCommands.resetRetryCounter,
            0x47: OpenPGPKeyCommands.generate,
            0x2A: OpenPGPKeyCommands.performSecurityOperation,
            0x88: OpenPGPKeyCommands.internalAuthenticate,
            0x22: OpenPGPKeyCommands.manageSecurityEnvironment,
            0x84: AuthenticationCommands.getChallenge,
            0xE6: OpenPGPLifeCycle.terminate,
        ]
        commands = operational.mapValues(OpenPGPLifeCycle.refusedWhileTerminated)
            .merging([0x44: OpenPGPLifeCycle.activate]) { _, activate in activate }
    }

    func initialState() -> OpenPGPState { OpenPGPState() }

    /// §7.2.1: P2 00 or 0C, no data in the answer; SELECT DATA's choice goes back to the first
    /// certificate. A terminated application is selected with
    /// 6285 so that ACTIVATE FILE can reach it.
    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == 0x00 || apdu.p2 == 0x0C else { throw .incorrectP1P2 }
        card.session.openPGP.certificate = 0
        return card.openPGP.data.terminated ? CardResponse(status: .selectedFileTerminated) : CardResponse()
    }
}

/// What GET DATA reports about the card itself, fixed by the profile.
struct OpenPGPCardInfo {
    let aid: [UInt8]
    let historicalBytes: [UInt8]
    let maxCommandLength: Int
    let maxResponseLength: Int
}

extension StatusWord {
    /// 6285: the selected file (here the application) is in termination state.
    static let selectedFileTerminated = StatusWord(0x6285)
}
