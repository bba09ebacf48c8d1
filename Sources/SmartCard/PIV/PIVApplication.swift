import Profiles

/// The PIV card application (NIST SP 800-73-4 Part 2) with the Yubico extensions that
/// yubico-piv-tool and OpenSC use on YubiKeys. Its PIN (80) and PUK (81) follow the ISO rules
/// of the card OS (ReferenceDataCommands) in PIV's own PIN directory.
final class PIVApplication: CardApplication {
    typealias Session = PIVSession

    /// The PIX of SP 800-73-4 Part 1 §2.2: NIST RID A0 00 00 03 08, PIV 00 00 10 00, version 01 00.
    static let fullAID: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00]
    static let pins = PinDirectory(pins: \.pivPins, verified: \.piv.verifiedPins)

    let aid = PIVApplication.fullAID
    /// Serial number and firmware version as the Yubico GET SERIAL and GET VERSION report them.
    let serial: UInt32
    let version: [UInt8]

    init(profile: HardwareProfile.CardSection, profileName: String) throws(CardError) {
        serial = profile.serialNumber ?? 0
        let text = profile.firmwareVersion ?? "5.4.3"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        guard parts.count == 3, let major = parts[0], let minor = parts[1], let patch = parts[2] else {
            throw CardError(
                "profile \(profileName): card.firmwareVersion \"\(text)\" is not MAJOR.MINOR.PATCH with each part 0–255, as PIV's GET VERSION reports it (e.g. \"5.4.3\")"
            )
        }
        version = [major, minor, patch]
    }

    let commands: [UInt8: CardCommandHandler] = [
        0xCB: PIVDataObjectCommands.getData,
        0xDB: PIVDataObjectCommands.putData,
        0x20: PIVReferenceData.verify,
        0x24: PIVReferenceData.change,
        0x2C: PIVReferenceData.resetRetryCounter,
        0x87: PIVGeneralAuthenticate.run,
        0x47: PIVKeyGeneration.run,
        0xFD: PIVYubicoCommands.getVersion,
        0xF8: PIVYubicoCommands.getSerial,
        0xFF: PIVYubicoCommands.setManagementKey,
        0xFB: PIVYubicoCommands.reset,
        0xFA: PIVYubicoCommands.setPinRetries,
        0xF7: PIVMetadata.run,
        0xFE: PIVKeyImport.run,
        0xF9: PIVAttestation.run,
    ]

    func initialState() -> PIVState { .factory(serial: serial, version: version) }

    /// SELECT (Part 2 §3.1.1): P2 00 answers the application property template 61: the PIX
    /// (4F), the coexistent tag allocation authority (79 holding NIST's RID), a label (50) and
    /// the algorithms the card's profile offers (AC, each as 80, closed by 06 00). P2 0C: no data.
    func select(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == 0x00 || apdu.p2 == 0x0C else { throw .incorrectP1P2 }
        if apdu.p2 == 0x0C { return CardResponse() }
        let offered = PIVAlgorithm.kinds.filter { card.permits($0.value) }.keys.sorted()
        let algorithms = offered.flatMap { BERTLV.encode(0x80, [$0]) } + BERTLV.encode(0x06, [0x00])
        let template =
            BERTLV.encode(0x4F, Array(Self.fullAID.dropFirst(5)))
            + BERTLV.encode(0x79, BERTLV.encode(0x4F, Array(Self.fullAID.prefix(5))))
            + BERTLV.encode(0x50, Array("TrustBench PIV".utf8))
            + BERTLV.encode(0xAC, algorithms)
        return CardResponse(data: BERTLV.encode(0x61, template))
    }
}

extension CardState {
    /// PIV's PINs, for its PinDirectory; none before PIV is personalized.
    var pivPins: [UInt8: PinObject] {
        get { self[PIVState.self]?.pins ?? [:] }
        set { self[PIVState.self]?.pins = newValue }
    }
}

extension CardSession {
    var piv: PIVSession {
        get { self[PIVSession.self] }
        set { self[PIVSession.self] = newValue }
    }
}

extension CardOS {
    /// The PIV state. CardOS personalizes every application it hosts when it opens, so PIV's
    /// commands always find it; the empty state (no PIN, no key: 6A88 everywhere) is only what
    /// a card without PIV would answer.
    var piv: PIVState {
        get { state[PIVState.self] ?? .empty }
        set { state[PIVState.self] = newValue }
    }

    /// The PIV application itself, for its serial number and version (only its own commands ask).
    func pivApplication() throws(StatusWord) -> PIVApplication {
        try selectedApplication(PIVApplication.self)
    }

    /// 6982 unless the card management key authenticated the host since power-on.
    func requirePIVManagementKey() throws(StatusWord) {
        guard session.piv.managementKeyAuthenticated else { throw .securityStatusNotSatisfied }
    }

    /// 6982 unless the PIV PIN was verified since power-on.
    func requirePIVPIN() throws(StatusWord) {
        guard session.piv.verifiedPins.contains(PIVState.pinReference) else { throw .securityStatusNotSatisfied }
    }
}
