import DeviceStore
import Logging
import Profiles
import TrustCrypto

/// The card OS: APDU bytes in, response bytes out, as a reader would exchange them with a chip.
/// It handles the transmission rules of ISO/IEC 7816-4 §5 (class byte, logical channels,
/// command chaining, GET RESPONSE) and hands each complete command to its command family in
/// Commands/. State changes are committed to the store before the response leaves; a state the
/// store cannot make durable answers 6581 and is forgotten.
public final class CardOS {
    /// The card module's logger (label `trustbench.card`): a refused commit at `error`.
    public static let moduleLogger = Logger(label: "trustbench.card")
    let logger: Logger
    let limits: HardwareProfile.CardSection
    let atr: [UInt8]
    let store: DeviceStore
    /// The applications the profile names, selected by AID (CardApplication).
    let applications: [any CardApplication]
    /// The key kinds the profile lets applications use; nil: all of them.
    let permittedKinds: Set<CardKey.Kind>?
    var state: CardState
    var session = CardSession()
    /// The records as last committed: a commit writes only what differs from them.
    private var committedRecords: [String: [UInt8]]
    private var committedState: CardState
    /// TrustCrypto keys built from key material, for every application: keyed by the material
    /// itself, so a key is rebuilt only when its material changes and a rolled-back state
    /// needs no invalidation.
    private var loadedKeys: [LoadedKeyID: LoadedKey] = [:]
    private struct LoadedKeyID: Hashable {
        let material: CardKey.Material
        let kind: CardKey.Kind
    }
    /// More distinct keys than any card holds at once (PIV's 25 slots, OpenPGP's 3, the ISO
    /// card's 3): past it the cache starts again rather than keep keys that were replaced.
    private static let loadedKeyLimit = 64
    /// The channel of the command being processed.
    var channelNumber = 0

    /// Opens the card in `store`, personalizing it with `layout` when the store holds no card
    /// (by default the ISO test card, or for a profile that names applications an MF whose
    /// EF.DIR lists them) and each application the profile names that the store lacks.
    /// `logger` takes the card's lines (a fault injector that cuts power on purpose passes a
    /// silent one).
    /// - Parameters:
    ///   - profile: the hardware profile whose `card:` section gives the ATR, logical channels,
    ///     hosted applications and permitted key algorithms.
    ///   - store: the device store that holds the card's durable records.
    ///   - layout: the personalization for a store that holds no card; nil for the default.
    ///   - logger: the logger that takes the card's lines.
    public init(
        profile: HardwareProfile, store: DeviceStore, layout: CardLayout? = nil,
        logger: Logger = CardOS.moduleLogger
    ) throws(CardError) {
        self.logger = logger
        guard let card = profile.card else {
            throw CardError(
                "profile \(profile.name) has no `card:` section; use a card profile such as iso7816-default")
        }
        guard let atr = card.atrBytes, atr.count >= 2, atr.count <= 33 else {
            throw CardError("profile \(profile.name): card.atr must be 2 to 33 bytes of hex digits")
        }
        guard (1...20).contains(card.logicalChannels) else {
            throw CardError(
                "profile \(profile.name): card.logicalChannels must be 1 to 20 (ISO 7816-4 numbers channels 0–19)")
        }
        self.limits = card
        self.atr = atr
        self.store = store
        applications = try HostedApplications.make(card, profileName: profile.name)
        permittedKinds = try card.algorithms.map { names throws(CardError) in
            Set(
                try names.map { name throws(CardError) in
                    guard let kind = CardKey.Kind(rawValue: name) else {
                        throw CardError(
                            "profile \(profile.name): card.algorithms names \"\(name)\"; the card knows \(CardKey.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    return kind
                })
        }
        if let existing = try CardState.load(from: store, applications: applications.map(\.stateType)) {
            state = existing
            committedRecords = existing.records()
        } else {
            state = CardState(
                layout: layout ?? (applications.isEmpty ? .isoDefault : .directory(of: applications.map(\.aid))))
            committedRecords = [:]
        }
        committedState = state
        for application in applications { application.personalize(&state) }
        do { try persist() } catch {
            throw CardError("cannot personalize the new card: the store refused its records")
        }
    }

    /// A cold reset: volatile state (channels, security status, pending responses) is lost.
    /// Returns the ATR.
    /// - Returns: the card's answer-to-reset bytes from the profile.
    public func powerOn() -> [UInt8] {
        session = CardSession()
        return atr
    }

    /// Processes one command APDU and returns the response APDU (data, SW1, SW2). Never throws:
    /// every failure is a status word.
    /// - Parameter apdu: the command APDU bytes (CLA, INS, P1, P2, then Lc/data/Le if any).
    /// - Returns: the response data followed by SW1 SW2; 6581 alone when the state cannot be committed.
    public func process(_ apdu: [UInt8]) -> [UInt8] {
        let sessionBefore = session
        let response: CardResponse
        do {
            response = try dispatch(apdu)
        } catch {
            response = CardResponse(status: error)
        }
        do {
            try persist()
        } catch {
            // The command did not happen: neither its state nor the security status it granted
            // (a PIN verified, then a failed commit of its restored try counter) may remain.
            session = sessionBefore
            return StatusWord.memoryFailure.bytes
        }
        return response.data + response.status.bytes
    }

    /// Commits the records that changed since the last commit, as one transaction. Commands
    /// call it where ordering matters (a spent PIN try before the comparison); `process`
    /// calls it before every response. On failure the state goes back to what is durable.
    func persist() throws(StatusWord) {
        let records = state.records()
        var changes = records.filter { committedRecords[$0.key] != $0.value }.map { RecordChange($0.key, $0.value) }
        changes += committedRecords.keys.filter { records[$0] == nil }.map { RecordChange($0, nil) }
        guard !changes.isEmpty else { return }
        do {
            try store.commit(changes.sorted { $0.name < $1.name })
        } catch {
            logger.error(
                "the state store refused the card's records (\(error)); the command answers 6581 and changes nothing")
            state = committedState
            throw .memoryFailure
        }
        committedRecords = records
        committedState = state
    }

    // MARK: Transmission (ISO 7816-4 §5)

    private func dispatch(_ bytes: [UInt8]) throws(StatusWord) -> CardResponse {
        var apdu = try CommandAPDU.parse(bytes)
        if apdu.isExtended, !limits.extendedLength { throw .wrongLength }
        let cla = try ClassByte(apdu.cla)
        guard session.channels[cla.channel] != nil else { throw .logicalChannelNotSupported }
        channelNumber = cla.channel
        if cla.hasSecureMessaging { throw .secureMessagingNotSupported }

        if apdu.ins == GetResponseCommand.instruction, channel.chain == nil {
            return try GetResponseCommand.run(apdu, self)
        }
        channel.pendingResponse = []
        if let start = try joinChain(&apdu, chained: cla.isChained) { return start }
        guard apdu.data.count <= limits.maxCommandDataLength else { throw .wrongLength }
        let table = channel.application.map { applications[$0].commands } ?? CommandTable.commands
        guard
            let command = table[apdu.ins]
                ?? (channel.application == nil ? nil : CommandTable.aroundApplications[apdu.ins])
        else {
            throw .instructionNotSupported
        }
        var response = try command(apdu, self)
        // Applications answer as the cards their clients are written against do: with data even
        // to a command sent without Le, where those clients (yubico-piv-tool) expect 9000, not 61xx.
        if channel.application != nil { response.sentWithoutLe = true }
        return deliver(response, ne: apdu.ne)
    }

    /// Command chaining (§5.1.1.1): the parts of a chain must share INS, P1 and P2; their data
    /// is joined and the last part (b5 clear) runs as one command. Returns the answer to a
    /// non-final part (9000), or nil when `apdu` is now the complete command.
    private func joinChain(_ apdu: inout CommandAPDU, chained: Bool) throws(StatusWord) -> CardResponse? {
        if let started = channel.chain {
            guard started.ins == apdu.ins, started.p1 == apdu.p1, started.p2 == apdu.p2 else {
                channel.chain = nil
                throw .lastCommandOfChainExpected
            }
            apdu.data = started.data + apdu.data
        }
        guard chained else {
            channel.chain = nil
            return nil
        }
        guard apdu.data.count <= limits.maxCommandDataLength else {
            channel.chain = nil
            throw .wrongLength
        }
        channel.chain = apdu
        return CardResponse()
    }

    /// Sends what fits in Ne (and the profile's response limit); the rest waits for GET
    /// RESPONSE behind 61xx. No Le means the client did not expect data: all of it waits
    /// (unless the command sends it anyway, CardResponse.sentWithoutLe).
    func deliver(_ response: CardResponse, ne: Int?) -> CardResponse {
        let limit = min(ne ?? (response.sentWithoutLe ? 256 : 0), limits.maxResponseDataLength)
        guard response.data.count > limit else { return response }
        channel.pendingResponse = Array(response.data.dropFirst(limit))
        return CardResponse(
            data: Array(response.data.prefix(limit)), status: .bytesRemaining(channel.pendingResponse.count))
    }

    // MARK: State the commands share

    /// The state of the channel the current command arrived on.
    var channel: ChannelState {
        get { session.channels[channelNumber] ?? ChannelState() }
        set { session.channels[channelNumber] = newValue }
    }

    /// The application selected on the current channel when it is an `A`: its commands run
    /// only while it is, so 6985 is only for a command table wired to the wrong application.
    func selectedApplication<A: CardApplication>(_: A.Type) throws(StatusWord) -> A {
        guard let index = channel.application, let application = applications[index] as? A else {
            throw .conditionsOfUseNotSatisfied
        }
        return application
    }

    /// Whether `rule` is met by the security status since power-on.
    func satisfies(_ rule: AccessRule) -> Bool {
        switch rule {
        case .always: true
        case .never: false
        case .pin(let reference): session.verifiedPins.contains(reference)
        case .externalKey(let reference): session.authenticatedKeys.contains(reference)
        }
    }

    func require(_ rule: AccessRule) throws(StatusWord) {
        guard satisfies(rule) else { throw .securityStatusNotSatisfied }
    }

    /// The key slot named `reference` with TrustCrypto keys built from its material; 6A88 when
    /// there is no such slot or it holds no key yet.
    func loadedKey(_ reference: UInt8) throws(StatusWord) -> (slot: CardKey, key: LoadedKey) {
        guard let slot = state.keys[reference], let material = slot.material else { throw .referencedDataNotFound }
        return (slot, try loadedKey(material, kind: slot.kind))
    }

    /// The TrustCrypto key `material` of `kind` stands for, built once; 6984 when the material
    /// does not make a key of that kind.
    func loadedKey(_ material: CardKey.Material, kind: CardKey.Kind) throws(StatusWord) -> LoadedKey {
        if let key = loadedKeys[LoadedKeyID(material: material, kind: kind)] { return key }
        let key: LoadedKey
        do { key = try LoadedKey(material, kind: kind) } catch { throw .referenceDataNotUsable }
        remember(key, for: material, kind: kind)
        return key
    }

    /// Keeps a key just generated or imported, so its first use does not rebuild it.
    func remember(_ key: LoadedKey, for material: CardKey.Material, kind: CardKey.Kind) {
        if loadedKeys.count >= Self.loadedKeyLimit { loadedKeys = [:] }
        loadedKeys[LoadedKeyID(material: material, kind: kind)] = key
    }

    /// Whether the profile lets applications generate, import or advertise keys of `kind`.
    func permits(_ kind: CardKey.Kind) -> Bool { permittedKinds?.contains(kind) ?? true }

    /// Replaces a key slot's material (key generation), keeping its TrustCrypto key.
    func install(_ material: CardKey.Material, key: LoadedKey, in reference: UInt8) {
        guard let kind = state.keys[reference]?.kind else { return }
        state.keys[reference]?.material = material
        remember(key, for: material, kind: kind)
    }
}
