import Foundation
import Logging
import TPMTypes

/// Serves one TPM over swtpm's socket protocol, so tpm2-tools (`swtpm:` TCTI), tpm2-abrmd and
/// QEMU's tpm-emulator backend talk to it as to `swtpm socket --tpm2`.
///
/// Two channels, as swtpm has them: the data channel carries TPM commands (raw, or behind the
/// mssim TPM_SEND_COMMAND prefix), the control channel carries swtpm's CMD_* requests
/// (tpm_ioctl.h) mapped onto `TPMPlatform`. Each accepted connection runs on its own thread;
/// the device serialises the commands. Typical use, mirroring swtpm's command line:
///
/// ```swift
/// let options = try SwtpmServer.Options(server: "type=tcp,port=2321", ctrl: "type=tcp,port=2322",
///                                       flags: "not-need-init,startup-clear")
/// let server = SwtpmServer(device: device, options: options)
/// try server.start()
/// server.waitUntilStopped()   // returns after stop() or the control channel's SHUTDOWN
/// ```
///
/// Differences from swtpm worth knowing: several data clients are served at once (swtpm takes
/// one at a time), and neither `stop()` nor SHUTDOWN sends an automatic TPM2_Shutdown.
public final class SwtpmServer: @unchecked Sendable {
    // Safe: every mutable field is read and written under `stateLock`; `device` is a serial TPMPlatform.
    public let options: Options
    let device: any TPMPlatform
    let logger: Logger
    let runtime: ServerRuntime

    private let stateLock = NSLock()
    /// swtpm's g_locality: set by SET_LOCALITY and by a TPM_SEND_COMMAND prefix.
    private var currentLocality: UInt8 = 0
    /// swtpm's mlp->fd: a SET_DATAFD descriptor is being served.
    private var dataDescriptorInUse = false
    private var commandInFlight = false
    private var cancelRaised = false
    private var hasStarted = false
    private var boundDataPort: UInt16?
    private var boundControlPort: UInt16?

    /// A server for `device`; nothing is opened until `start()`.
    /// - Parameters:
    ///   - device: the TPM that answers the data channel's commands and the control channel's requests.
    ///   - options: the channels, flags and GET_INFO values to serve with.
    ///   - logger: the logger that takes the server's lines.
    public init(
        device: any TPMPlatform, options: Options = Options(),
        logger: Logger = TransportLogging.logger
    ) {
        self.device = device
        self.options = options
        self.logger = logger
        runtime = ServerRuntime(name: "swtpm", logger: logger)
    }

    /// The TCP port the data channel listens on (the real one when port 0 was asked for).
    public var dataPort: UInt16? { withState { boundDataPort } }
    /// The TCP port the control channel listens on.
    public var controlPort: UInt16? { withState { boundControlPort } }
    /// The locality TPM commands on the data channel are executed at.
    public var locality: UInt8 { withState { currentLocality } }

    /// Opens the channels, powers the device on (and sends Startup) when `needsInit` is false,
    /// then serves on background threads. Call once.
    public func start() throws(TransportError) {
        let firstStart = withState { () -> Bool in
            defer { hasStarted = true }
            return !hasStarted
        }
        guard firstStart else {
            throw .invalidOption("this server was already started; create a new SwtpmServer to serve again")
        }

        let data = try options.data.map { channel throws(TransportError) in try open(channel) }
        let control: OpenChannel?
        do throws(TransportError) {
            control = try options.control.map { channel throws(TransportError) in try open(channel) }
        } catch {
            data?.close()
            throw error
        }
        withState {
            boundDataPort = data?.port
            boundControlPort = control?.port
        }

        if options.control == nil && options.needsInit {
            logger.warning(
                "swtpm: there is no control channel to send INIT on, so the TPM stays off; add --flags not-need-init or a --ctrl channel"
            )
        }
        if !options.needsInit {
            do throws(TransportError) {
                try powerOnForService()
            } catch {
                data?.close()
                control?.close()
                throw error
            }
        }

        if let data, let channel = options.data {
            serve(data, readTimeout: options.readTimeoutMilliseconds) { [self] connection in
                serveData(connection, channel: channel)
            }
        }
        if let control, let channel = options.control {
            serve(control, readTimeout: options.readTimeoutMilliseconds) { [self] connection in
                serveControl(connection, channel: channel)
            }
        }
    }

    /// Closes every socket and waits for the serving threads. The device is left as it is.
    public func stop() { runtime.stop() }

    /// Blocks until `stop()` ran or a client ended the server (SHUTDOWN, `terminate`).
    public func waitUntilStopped() { runtime.waitUntilStopped() }

    // MARK: Start-up

    private enum OpenChannel {
        case listener(ListeningSocket)
        case connection(Int32)

        var port: UInt16? {
            if case .listener(let socket) = self { return socket.port }
            return nil
        }

        func close() {
            switch self {
            case .listener(let socket): socket.close()
            case .connection(let fd): Platform.closeDescriptor(fd)
            }
        }
    }

    private func open(_ channel: Channel) throws(TransportError) -> OpenChannel {
        switch channel.source {
        case .listen(let endpoint):
            do throws(SocketError) {
                return .listener(try ListeningSocket(endpoint: endpoint, permissions: channel.permissions))
            } catch {
                throw .socket(error)
            }
        case .listeningDescriptor(let fd):
            guard Platform.isOpenDescriptor(fd) else { throw Self.notOpen(fd) }
            return .listener(ListeningSocket(adopting: fd))
        case .connectedDescriptor(let fd):
            guard Platform.isOpenDescriptor(fd) else { throw Self.notOpen(fd) }
            return .connection(fd)
        }
    }

    private static func notOpen(_ fd: Int32) -> TransportError {
        .invalidOption(
            "file descriptor \(fd) is not open in this process; start trustbench with the socket passed as that descriptor, or give path= or port= instead"
        )
    }

    private func serve(_ channel: OpenChannel, readTimeout: Int, handler: @escaping @Sendable (Connection) -> Void) {
        switch channel {
        case .listener(let socket):
            runtime.listen(socket, readTimeoutMilliseconds: readTimeout, handler: handler)
        case .connection(let fd):
            runtime.serve(Connection(adopting: fd, readTimeoutMilliseconds: readTimeout), handler: handler)
        }
    }

    /// swtpm's start without INIT: _TPM_Init, then the optional TPM2_Startup.
    private func powerOnForService() throws(TransportError) {
        if !device.isPoweredOn {
            do {
                try device.powerOn(deleteVolatile: false)
            } catch {
                throw .device(
                    "the TPM could not be powered on (\(error)); check its state directory, or start without not-need-init and send INIT"
                )
            }
        }
        guard let startup = options.startup else { return }
        let response = device.execute(startup.command, locality: 0)
        let code = TPMFrame.code(of: response) ?? UInt32.max
        if code != 0 {
            logger.warning(
                "swtpm: TPM2_Startup(\(startup == .clear ? "CLEAR" : "STATE")) answered 0x\(String(code, radix: 16)); clients must send Startup themselves"
            )
        }
    }

    // MARK: Shared state

    func withState<T>(_ body: () -> T) -> T {
        stateLock.lock()
        defer { stateLock.unlock() }
        return body()
    }

    /// Marks a command as executing and returns its locality; a TPM_SEND_COMMAND prefix sets
    /// the server's locality first, as swtpm does (it stays for later raw commands).
    func beginCommand(settingLocality prefixLocality: UInt8?) -> UInt8 {
        withState {
            if let prefixLocality { currentLocality = prefixLocality }
            commandInFlight = true
            return currentLocality
        }
    }

    /// Ends a command; a cancel raised while it ran is withdrawn so it cannot hit the next one.
    func endCommand() {
        withState {
            commandInFlight = false
            if cancelRaised {
                cancelRaised = false
                device.setCancel(false)
            }
        }
    }

    func setLocality(_ locality: UInt8) { withState { currentLocality = locality } }

    /// CANCEL_TPM_CMD: signals cancel to a command in progress; with none running it is a no-op.
    func cancelCommandInFlight() {
        withState {
            guard commandInFlight, !cancelRaised else { return }
            cancelRaised = true
            device.setCancel(true)
        }
    }

    /// Takes swtpm's single data-descriptor slot; false when it is taken.
    func claimDataDescriptor() -> Bool {
        withState {
            guard !dataDescriptorInUse else { return false }
            dataDescriptorInUse = true
            return true
        }
    }

    func releaseDataDescriptor() { withState { dataDescriptorInUse = false } }
}
