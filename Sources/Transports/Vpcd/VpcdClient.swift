import Foundation
import Logging

/// The card side of vsmartcard's vpcd: connects to the driver inside pcscd, answers its
/// controls and APDUs from a `VpcdCard`, and reconnects whenever the driver goes away
/// (pcscd restarted or not started yet), until `stop()`.
///
/// vpcd listens and the card connects (vpcd.c opensock/waitforclient), so this is a client;
/// pcscd polls presence with a get-ATR control every few hundred milliseconds, which must not
/// reset the card, so the ATR is taken once at start and repeated.
public final class VpcdClient: @unchecked Sendable {
    // Safe: `condition` guards state and connection, `cardLock` the card; `atr` is the loop thread's once it starts.
    /// Where the driver listens. Slot N of the reader listens on the base port + N.
    public struct Options: Sendable, Equatable {
        public var host: String
        public var port: UInt16
        /// The longest wait between two connection attempts.
        public var maxRetryMilliseconds: Int
        /// How long the rest of a message may take once its first byte arrived.
        public var readTimeoutMilliseconds: Int

        public static let defaultPort: UInt16 = 35963

        /// Where the driver listens and how patiently to talk to it.
        /// - Parameters:
        ///   - host: the address vpcd listens on.
        ///   - port: vpcd's port for the reader slot (the base port + slot number).
        ///   - maxRetryMilliseconds: the longest wait between two connection attempts.
        ///   - readTimeoutMilliseconds: how long the rest of a message may take once its first byte arrived.
        public init(
            host: String = "127.0.0.1", port: UInt16 = defaultPort,
            maxRetryMilliseconds: Int = 2_000, readTimeoutMilliseconds: Int = 5_000
        ) {
            self.host = host
            self.port = port
            self.maxRetryMilliseconds = maxRetryMilliseconds
            self.readTimeoutMilliseconds = readTimeoutMilliseconds
        }

        /// Parses `HOST:PORT` (`[IPv6]:PORT` for IPv6), as `--vpcd` takes it.
        /// - Parameter text: the `--vpcd` value; the port must be 1 to 65535.
        public init(parsing text: String) throws(TransportError) {
            let usage = "write --vpcd HOST:PORT, for example --vpcd 127.0.0.1:35963 (or [::1]:35963 for IPv6)"
            let host: Substring
            let portText: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                    throw .invalidOption("--vpcd \(text): an IPv6 address needs brackets and a port; \(usage)")
                }
                host = text[text.index(after: text.startIndex)..<close]
                portText = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon else {
                    throw .invalidOption("--vpcd \(text) has no port, or an IPv6 address without brackets; \(usage)")
                }
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            }
            guard !host.isEmpty else { throw .invalidOption("--vpcd \(text) has no host; \(usage)") }
            guard let port = UInt16(portText), port > 0 else {
                throw .invalidOption("--vpcd \(text): the port must be a number from 1 to 65535; \(usage)")
            }
            self.init(host: String(host), port: port)
        }

        var endpoint: SocketEndpoint { .tcp(host: host, port: port) }
    }

    private enum State { case idle, running, stopping, stopped }

    private let card: VpcdCard
    private let options: Options
    private let logger: Logger
    private let condition = NSCondition()
    private var state = State.idle
    private var connection: Connection?
    private var connected = false
    /// Serializes the card: CardOS has no lock of its own.
    private let cardLock = NSLock()
    private var atr: [UInt8] = []

    /// A client for `card`; nothing connects until `start()`.
    /// - Parameters:
    ///   - card: the card that answers the driver's controls and APDUs.
    ///   - options: where the driver listens and the retry and read timeouts.
    ///   - logger: the logger that takes the client's lines.
    public init(card: VpcdCard, options: Options = Options(), logger: Logger = TransportLogging.logger) {
        self.card = card
        self.options = options
        self.logger = logger
    }

    /// True while a connection to the driver is open.
    public var isConnected: Bool {
        condition.lock()
        defer { condition.unlock() }
        return connected
    }

    /// Powers the card on and starts connecting on a thread of its own.
    public func start() {
        condition.lock()
        guard state == .idle else {
            condition.unlock()
            return
        }
        state = .running
        condition.unlock()
        atr = withCard { $0.powerOn() }
        let thread = Thread { [self] in
            runLoop()
            condition.lock()
            state = .stopped
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "vpcd client"
        thread.start()
    }

    /// Ends the loop (a command in progress finishes first) and waits for it.
    public func stop() {
        condition.lock()
        if state == .idle { state = .stopped }
        if state == .running {
            state = .stopping
            connection?.shutdown()
            condition.broadcast()
        }
        while state != .stopped { condition.wait() }
        condition.unlock()
    }

    /// Blocks until `stop()` has finished.
    public func waitUntilStopped() {
        condition.lock()
        while state != .stopped { condition.wait() }
        condition.unlock()
    }

    private var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .running
    }

    /// Connect, serve, and after a failure or a close wait (doubling from 50 ms to the
    /// maximum) before the next attempt. A refused attempt is logged once, not every time.
    private func runLoop() {
        var delay = 50
        var failureLogged = false
        while isRunning {
            let attempt: Connection
            do {
                attempt = try Connection.connect(
                    to: options.endpoint, readTimeoutMilliseconds: options.readTimeoutMilliseconds)
            } catch {
                if !failureLogged {
                    logger.warning(
                        "vpcd: cannot connect to \(options.endpoint) (\(error)); is pcscd running with the vpcd driver? Retrying until it is"
                    )
                    failureLogged = true
                }
                pause(milliseconds: delay)
                delay = min(delay * 2, options.maxRetryMilliseconds)
                continue
            }
            guard adopt(attempt) else { break }
            logger.notice("vpcd: card connected to the reader at \(options.endpoint)")
            failureLogged = false
            delay = 50
            let ending = serve(attempt)
            release(attempt)
            if isRunning {
                logger.notice("vpcd: disconnected from \(options.endpoint) (\(ending)); reconnecting")
                pause(milliseconds: delay)
            }
        }
    }

    /// Records `attempt` as the connection `stop()` shuts down; false (closing it) when stopping.
    private func adopt(_ attempt: Connection) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .running else {
            attempt.close()
            return false
        }
        connection = attempt
        connected = true
        return true
    }

    private func release(_ finished: Connection) {
        condition.lock()
        connection = nil
        connected = false
        condition.unlock()
        finished.close()
    }

    /// Waits up to `milliseconds`, returning at once when stopped.
    private func pause(milliseconds: Int) {
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        condition.lock()
        while state == .running && condition.wait(until: deadline) {}
        condition.unlock()
    }

    /// Serves messages until the driver closes, a message breaks the framing, or `stop()`.
    /// Returns why it ended, for the log line.
    private func serve(_ connection: Connection) -> String {
        do {
            while true {
                guard let message = try connection.readFrame(VpcdProtocol.decode) else {
                    return "the driver closed the connection"
                }
                if let reply = answer(message) { try connection.writeAll(VpcdProtocol.frame(reply)) }
            }
        } catch {
            return isRunning ? error.description : "stopping"
        }
    }

    /// The reply to one message, or nil for the controls vpcd expects no reply to.
    private func answer(_ message: VpcdProtocol.Message) -> [UInt8]? {
        switch message {
        case .empty:
            logger.warning("vpcd: ignored an empty message")
        case .control(let byte):
            switch VpcdProtocol.Control(rawValue: byte) {
            case .atr: return atr
            case .powerOn, .reset:
                atr = withCard { $0.powerOn() }
                logger.trace("vpcd: ATR \(Self.hex(atr))")
            case .powerOff:
                break
            case nil:
                logger.warning("vpcd: ignored unknown control byte \(String(format: "0x%02X", byte))")
            }
        case .apdu(let apdu):
            logger.trace("vpcd: > \(Self.hex(apdu))")
            let response = withCard { $0.process(apdu) }
            logger.trace("vpcd: < \(Self.hex(response))")
            return response
        }
        return nil
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
    }

    private func withCard<T>(_ body: (VpcdCard) -> T) -> T {
        cardLock.lock()
        defer { cardLock.unlock() }
        return body(card)
    }
}
