import Foundation
import Logging
import TPMTypes

/// Serves one TPM over the Microsoft simulator's protocol (ms-tpm-20-ref TcpServer.c), the one
/// libtss2's `mssim:` TCTI speaks: TPM commands on the command port, platform signals (power,
/// NV, cancel, physical presence) on the platform port, conventionally the next port up.
///
/// ```swift
/// let server = MssimServer(device: device, options: .init(commandPort: 2321))
/// try server.start()          // 2321 commands, 2322 platform
/// server.waitUntilStopped()   // returns after stop() or a client's TPM_STOP
/// ```
///
/// The simulator serves one client per port at a time; this server takes several, each on its
/// own thread. TPM_STOP on either port stops the whole server.
public final class MssimServer: @unchecked Sendable {
    // Safe: every mutable field is read and written under `stateLock`; `device` is a serial TPMPlatform.
    public struct Options: Sendable, Hashable {
        public static let defaultPort: UInt16 = 2321

        /// Address both ports bind to.
        public var host: String
        public var commandPort: UInt16
        /// nil: `commandPort + 1`, as the simulator and libtss2 assume; with `commandPort` 0 the
        /// kernel picks both ports.
        public var platformPort: UInt16?
        /// The longest a peer may pause inside one message before its connection is dropped.
        public var readTimeoutMilliseconds: Int

        /// Where and how the server listens.
        /// - Parameters:
        ///   - host: the address both ports bind to.
        ///   - commandPort: the TPM command port; 0 lets the kernel pick.
        ///   - platformPort: the platform signal port; nil for `commandPort + 1`.
        ///   - readTimeoutMilliseconds: the longest a peer may pause inside one message before its
        ///     connection is dropped.
        public init(
            host: String = "127.0.0.1", commandPort: UInt16 = Options.defaultPort,
            platformPort: UInt16? = nil, readTimeoutMilliseconds: Int = 5_000
        ) {
            self.host = host
            self.commandPort = commandPort
            self.platformPort = platformPort
            self.readTimeoutMilliseconds = readTimeoutMilliseconds
        }
    }

    public let options: Options
    private let device: any TPMPlatform
    private let logger: Logger
    private let runtime: ServerRuntime
    private let stateLock = NSLock()
    private var hasStarted = false
    private var boundCommandPort: UInt16?
    private var boundPlatformPort: UInt16?
    /// For GET_COMMAND_RESPONSE_SIZES: the largest command and response since the last query.
    private var largestCommand: (size: Int, code: [UInt8]) = (0, [0, 0, 0, 0])
    private var largestResponse: (size: Int, code: [UInt8]) = (0, [0, 0, 0, 0])

    /// A server for `device`; nothing is bound until `start()`.
    /// - Parameters:
    ///   - device: the TPM that answers commands and platform signals.
    ///   - options: the host, ports and read timeout to serve with.
    ///   - logger: the logger that takes the server's lines.
    public init(
        device: any TPMPlatform, options: Options = Options(),
        logger: Logger = TransportLogging.logger
    ) {
        self.device = device
        self.options = options
        self.logger = logger
        runtime = ServerRuntime(name: "mssim", logger: logger)
    }

    /// The command port in use (the real one when port 0 was asked for).
    public var commandPort: UInt16? { withState { boundCommandPort } }
    public var platformPort: UInt16? { withState { boundPlatformPort } }

    /// Binds both ports and serves on background threads. The device is powered on by the
    /// client's POWER_ON, as on the simulator. Call once.
    public func start() throws(TransportError) {
        let firstStart = withState { () -> Bool in
            defer { hasStarted = true }
            return !hasStarted
        }
        guard firstStart else {
            throw .invalidOption("this server was already started; create a new MssimServer to serve again")
        }

        let platformPort: UInt16
        if let requested = options.platformPort {
            platformPort = requested
        } else if options.commandPort == 0 {
            platformPort = 0
        } else if options.commandPort < UInt16.max {
            platformPort = options.commandPort + 1
        } else {
            throw .invalidOption(
                "the mssim platform port is the command port plus one; choose a command port below 65535")
        }

        let commands: ListeningSocket
        let platform: ListeningSocket
        do throws(SocketError) {
            commands = try ListeningSocket(endpoint: .tcp(host: options.host, port: options.commandPort))
            do throws(SocketError) {
                platform = try ListeningSocket(endpoint: .tcp(host: options.host, port: platformPort))
            } catch {
                commands.close()
                throw error
            }
        } catch {
            throw .socket(error)
        }
        withState {
            boundCommandPort = commands.port
            boundPlatformPort = platform.port
        }
        runtime.listen(commands, readTimeoutMilliseconds: options.readTimeoutMilliseconds) { [self] in serveCommands($0)
        }
        runtime.listen(platform, readTimeoutMilliseconds: options.readTimeoutMilliseconds) { [self] in servePlatform($0)
        }
    }

    /// Closes both ports and waits for the serving threads. The device is left as it is.
    public func stop() { runtime.stop() }

    /// Blocks until `stop()` ran or a client sent TPM_STOP.
    public func waitUntilStopped() { runtime.waitUntilStopped() }

    private func withState<T>(_ body: () -> T) -> T {
        stateLock.lock()
        defer { stateLock.unlock() }
        return body()
    }

    // MARK: Command port

    /// TpmServer(): TPM commands, the H-CRTM hash signals and the session controls.
    private func serveCommands(_ connection: Connection) {
        let maxCommand = device.maxBufferSize
        while true {
            do throws(ConnectionError) {
                guard let frame = try connection.readFrame({ MssimFraming.decodeCommand($0, maxCommand: maxCommand) })
                else { return }
                var reply = MssimFraming.acknowledgement
                switch frame {
                case .hashStart:
                    _ = device.hashStart()
                case .hashData(let data):
                    _ = device.hashData(data)
                case .hashEnd:
                    _ = device.hashEnd()
                case .sendCommand(let locality, let command):
                    let response = device.execute(command, locality: locality)
                    record(command: command, response: response)
                    reply = MssimFraming.response(response)
                case .remoteHandshake(let clientVersion):
                    guard clientVersion != 0 else {
                        logger.warning(
                            "mssim command port: REMOTE_HANDSHAKE from client version 0, which the simulator does not support; closed the connection"
                        )
                        return
                    }
                    reply = MssimFraming.handshake
                case .setAlternativeResult:
                    break
                case .sessionEnd:
                    return
                case .stop:
                    runtime.requestStop()
                    return
                case .sendCommandTooLarge(let announced):
                    try? connection.writeAll(MssimFraming.response(TPMFrame.errorResponse(.commandSize)))
                    logger.warning(
                        "mssim command port: TPM_SEND_COMMAND announces \(announced) bytes, more than \(maxCommand); answered TPM_RC_COMMAND_SIZE and closed the connection"
                    )
                    return
                case .hashDataTooLarge(let announced):
                    logger.warning(
                        "mssim command port: HASH_DATA announces \(announced) bytes, more than \(MssimProtocol.maximumHashData); closed the connection"
                    )
                    return
                case .unknown(let code):
                    logger.warning("mssim command port: unknown command \(code); closed the connection")
                    return
                }
                try connection.writeAll(reply)
            } catch {
                logger.warning("mssim command port: \(error); closed the connection")
                return
            }
        }
    }

    // MARK: Platform port

    /// PlatformServer(): board signals, each acknowledged with `u32 0`.
    private func servePlatform(_ connection: Connection) {
        while true {
            do throws(ConnectionError) {
                guard let code = try connection.readFrame(MssimFraming.decodeSignal) else { return }
                var reply: [UInt8] = []
                switch MssimCommand(rawValue: code) {
                case .powerOn?:
                    if !device.isPoweredOn { powerOn() }
                case .powerOff?:
                    if device.isPoweredOn { device.powerOff() }
                case .reset?:
                    // _rpc__Signal_PowerOn(TRUE): _TPM_Init again, only while powered.
                    if device.isPoweredOn {
                        device.powerOff()
                        powerOn()
                    }
                case .restart?, .keyCacheOn?, .keyCacheOff?:
                    // Timer restart and the simulator's RSA key cache have no device counterpart.
                    break
                case .physicalPresenceOn?: device.setPhysicalPresence(true)
                case .physicalPresenceOff?: device.setPhysicalPresence(false)
                case .cancelOn?: device.setCancel(true)
                case .cancelOff?: device.setCancel(false)
                case .nvOn?: device.setNVAvailable(true)
                case .nvOff?: device.setNVAvailable(false)
                case .getCommandResponseSizes?:
                    reply.append(lengthPrefixed: takeCommandResponseSizes())
                case .testFailureMode?:
                    device.forceFailureMode()
                case .sessionEnd?:
                    return
                case .stop?:
                    runtime.requestStop()
                    return
                default:
                    logger.warning(
                        "mssim platform port: unsupported signal \(code); answered 1 and closed the connection")
                    try? connection.writeAll([0, 0, 0, UInt8(MssimProtocol.unrecognised)])
                    return
                }
                reply.append(contentsOf: MssimFraming.acknowledgement)
                try connection.writeAll(reply)
            } catch {
                logger.warning("mssim platform port: \(error); closed the connection")
                return
            }
        }
    }

    private func powerOn() {
        do {
            try device.powerOn(deleteVolatile: false)
        } catch {
            logger.error("mssim platform port: POWER_ON failed: \(error); the TPM stays off and answers TPM_RC_FAILURE")
        }
    }

    // MARK: Command and response sizes

    private func record(command: [UInt8], response: [UInt8]) {
        withState {
            if command.count > largestCommand.size {
                largestCommand = (command.count, Self.code(in: command))
            }
            if response.count > largestResponse.size {
                largestResponse = (response.count, Self.code(in: response))
            }
        }
    }

    /// The bytes at offset 6 (command or response code) as they were on the wire.
    private static func code(in message: [UInt8]) -> [UInt8] {
        message.count >= 10 ? Array(message[6..<10]) : [0, 0, 0, 0]
    }

    /// The simulator sends its C struct as it lies in memory: sizes in host (little-endian on
    /// x86) order, codes as they were on the wire. The record is cleared once read.
    private func takeCommandResponseSizes() -> [UInt8] {
        withState {
            var bytes: [UInt8] = []
            for (size, code) in [largestCommand, largestResponse] {
                withUnsafeBytes(of: UInt32(clamping: size).littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: code)
            }
            largestCommand = (0, [0, 0, 0, 0])
            largestResponse = (0, [0, 0, 0, 0])
            return bytes
        }
    }
}
