import CPCSC

/// A PC/SC client through pcsc-lite: the readers pcscd serves, and a connection to the card in
/// one of them. The bench and `trustbench devices` reach real cards (and ours behind vpcd) this
/// way, as OpenSC and GnuPG's scdaemon do.
public final class PCSCContext {
    fileprivate var context: SCARDCONTEXT = 0

    /// Connects to pcscd (SCardEstablishContext).
    /// - Throws: a sentence saying pcscd is not running, or what pcsc-lite answered.
    public init() throws(TransportError) {
        let rc = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "connect to pcscd") }
    }

    deinit { if context != 0 { SCardReleaseContext(context) } }

    /// One reader and what is in it.
    public struct Reader: Sendable, Equatable {
        /// The reader's name as pcscd gives it ("Virtual PCD 00 00").
        public let name: String
        /// The ATR of the card in it; nil when the reader is empty.
        public let atr: [UInt8]?

        /// A reader as pcscd reports it.
        /// - Parameters:
        ///   - name: the reader's name.
        ///   - atr: the ATR of its card; nil when it is empty.
        public init(name: String, atr: [UInt8]?) {
            self.name = name
            self.atr = atr
        }
    }

    /// The readers pcscd serves, in its order, each with its card's ATR.
    /// - Returns: the readers; empty when pcscd has none.
    public func readers() throws(TransportError) -> [Reader] {
        // A reader plugged in between asking the size and reading the list makes the buffer
        // short: ask again.
        for _ in 0..<3 {
            var size: DWORD = 0
            var rc = SCardListReaders(context, nil, nil, &size)
            if rc == PCSCStatus.noReaders { return [] }
            guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "list the readers") }
            var buffer = [CChar](repeating: 0, count: Int(size))
            rc = SCardListReaders(context, nil, &buffer, &size)
            if rc == PCSCStatus.noReaders { return [] }
            if rc == PCSCStatus.insufficientBuffer { continue }
            guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "list the readers") }
            // A multi-string: names separated by NUL, ended by an empty one.
            let names = buffer.split(separator: 0).map {
                String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            // A reader that goes away between the listing and its state is listed without a card.
            return names.map { Reader(name: $0, atr: (try? atr(in: $0)) ?? nil) }
        }
        throw TransportError.client("cannot list the readers: the list kept changing while it was read")
    }

    /// The ATR of the card in `reader` (SCardGetStatusChange, not waiting); nil when empty.
    fileprivate func atr(in reader: String) throws(TransportError) -> [UInt8]? {
        let state: Result<[UInt8]?, TransportError> = reader.withCString { name in
            var state = SCARD_READERSTATE()
            state.szReader = name
            state.dwCurrentState = DWORD(SCARD_STATE_UNAWARE)
            let rc = SCardGetStatusChange(context, 0, &state, 1)
            guard rc == PCSCStatus.success else {
                return .failure(PCSCStatus.error(rc, doing: "read the state of \(reader)"))
            }
            // A mute card (no ATR) is no card a client can talk to.
            guard state.dwEventState & DWORD(SCARD_STATE_PRESENT) != 0,
                state.dwEventState & DWORD(SCARD_STATE_MUTE) == 0, state.cbAtr > 0
            else { return .success(nil) }
            return .success(withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(state.cbAtr))) })
        }
        return try state.get()
    }

    /// Connects to the card in `reader`, sharing it with other clients, by T=1 or T=0.
    /// - Parameter reader: the reader's full name.
    /// - Returns: the connection.
    public func connect(_ reader: String) throws(TransportError) -> PCSCCard {
        var handle: SCARDHANDLE = 0
        var protocolInUse: DWORD = 0
        let rc = SCardConnect(
            context, reader, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), &handle,
            &protocolInUse)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "connect to the card in \(reader)") }
        return PCSCCard(context: self, handle: handle, protocolInUse: protocolInUse, reader: reader)
    }
}

/// A connection to the card in one reader.
public final class PCSCCard {
    /// The connection to pcscd the handle belongs to, kept while the card is.
    private let context: PCSCContext
    private let handle: SCARDHANDLE
    private var protocolInUse: DWORD
    /// The reader's name.
    public let reader: String

    init(context: PCSCContext, handle: SCARDHANDLE, protocolInUse: DWORD, reader: String) {
        self.context = context
        self.handle = handle
        self.protocolInUse = protocolInUse
        self.reader = reader
    }

    /// The transmission protocol of the connection: 0 (T=0) or 1 (T=1).
    public var transmissionProtocol: Int { protocolInUse == DWORD(SCARD_PROTOCOL_T1) ? 1 : 0 }

    /// Whether the reader holds a card that answered its reset (present and not mute), as the
    /// reader reports it; a reset by another program leaves the card present.
    public var isPresent: Bool { ((try? context.atr(in: reader)) ?? nil) != nil }

    /// Reconnects without touching the card (SCARD_LEAVE_CARD), as a client must after another
    /// program reset it (SCARD_W_RESET_CARD on every call until then).
    public func reconnect() throws(TransportError) {
        let rc = SCardReconnect(
            handle, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), DWORD(SCARD_LEAVE_CARD),
            &protocolInUse)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "reconnect to the card in \(reader)") }
    }

    /// Runs `body` with the card to this client alone (SCardBeginTransaction), so no other
    /// program's APDU comes between a command and its GET RESPONSE. A card another program
    /// reset meanwhile is reconnected to first. (pcsc-lite waits, without limit, while another
    /// program holds the card in a transaction of its own.)
    /// - Parameter body: the exchanges that must not be interleaved.
    /// - Returns: what `body` returns.
    public func exclusively<T>(_ body: () throws -> T) throws -> T {
        var rc = SCardBeginTransaction(handle)
        if rc == PCSCStatus.resetCard {
            try reconnect()
            rc = SCardBeginTransaction(handle)
        }
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "reserve the card in \(reader)") }
        defer {
            // A pending event makes pcsc-lite refuse to end the transaction: clear it and end.
            if SCardEndTransaction(handle, DWORD(SCARD_LEAVE_CARD)) != PCSCStatus.success, (try? reconnect()) != nil {
                SCardEndTransaction(handle, DWORD(SCARD_LEAVE_CARD))
            }
        }
        return try body()
    }

    deinit { SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) }

    /// Sends one command APDU and returns the card's whole response (data and status word).
    /// - Parameter apdu: the command APDU, short or extended.
    /// - Returns: the response APDU.
    public func transmit(_ apdu: [UInt8]) throws(TransportError) -> [UInt8] {
        // Room for the longest extended response: 65,536 data bytes and the status word.
        var response = [UInt8](repeating: 0, count: 65_538)
        var length = DWORD(response.count)
        let rc = SCardTransmit(handle, tb_pcsc_pci(protocolInUse), apdu, DWORD(apdu.count), nil, &response, &length)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "send an APDU to \(reader)") }
        return Array(response.prefix(Int(length)))
    }

    /// Powers the card off and on again (SCardReconnect with SCARD_UNPOWER_CARD), as pulling
    /// it out of the reader and putting it back would.
    public func powerCycle() throws(TransportError) {
        let rc = SCardReconnect(
            handle, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1),
            DWORD(SCARD_UNPOWER_CARD), &protocolInUse)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "power-cycle the card in \(reader)") }
    }

    /// The card's ATR as the reader reports it now (SCardStatus).
    /// - Returns: the ATR.
    public func atr() throws(TransportError) -> [UInt8] {
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        var state: DWORD = 0
        var protocolNow: DWORD = 0
        var nameLength: DWORD = 0
        let rc = SCardStatus(handle, nil, &nameLength, &state, &protocolNow, &atr, &atrLength)
        guard rc == PCSCStatus.success else { throw PCSCStatus.error(rc, doing: "read the ATR in \(reader)") }
        return Array(atr.prefix(Int(atrLength)))
    }
}

/// pcsc-lite's return codes the client tells apart (pcsclite.h; its macros are casts Swift
/// does not import), and the sentence for each.
enum PCSCStatus {
    static let success: LONG = 0
    static let noService = LONG(bitPattern: 0x8010_001D)
    static let serviceStopped = LONG(bitPattern: 0x8010_001E)
    static let noReaders = LONG(bitPattern: 0x8010_002E)
    static let unknownReader = LONG(bitPattern: 0x8010_0009)
    static let noSmartcard = LONG(bitPattern: 0x8010_000C)
    static let removedCard = LONG(bitPattern: 0x8010_0069)
    static let unpoweredCard = LONG(bitPattern: 0x8010_0067)
    static let unresponsiveCard = LONG(bitPattern: 0x8010_0066)
    static let resetCard = LONG(bitPattern: 0x8010_0068)
    static let insufficientBuffer = LONG(bitPattern: 0x8010_0008)
    static let sharingViolation = LONG(bitPattern: 0x8010_000B)
    static let notTransacted = LONG(bitPattern: 0x8010_0016)
    static let readerUnavailable = LONG(bitPattern: 0x8010_0017)

    static func error(_ rc: LONG, doing what: String) -> TransportError {
        let reason: String
        switch rc {
        case noService, serviceStopped:
            reason = "pcscd is not running (start it: pcscd, or systemctl start pcscd.socket)"
        case unknownReader: reason = "no such reader (trustbench devices lists them)"
        case noSmartcard, removedCard: reason = "there is no card in the reader"
        case unpoweredCard, unresponsiveCard: reason = "the card does not answer (is it inserted the right way?)"
        case resetCard: reason = "another program reset the card"
        case sharingViolation:
            reason = "another program holds the card to itself (GnuPG's scdaemon does; gpgconf --kill scdaemon)"
        case notTransacted: reason = "the reader refused the exchange (an APDU it cannot carry?)"
        case readerUnavailable: reason = "the reader is gone (unplugged?)"
        default: reason = String(cString: pcsc_stringify_error(rc))
        }
        return .client("cannot \(what): \(reason)")
    }
}
