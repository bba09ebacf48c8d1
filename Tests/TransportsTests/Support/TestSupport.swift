import Foundation
import Logging
import Testing

@testable import Transports

/// Collects server log lines from `level` up (by default what a server prints without
/// `--log`); lines may arrive on server threads after the client saw a close.
final class LogRecorder: @unchecked Sendable {
    // Safe: `recorded` is only touched under `lock`; `level` never changes.
    private let lock = NSLock()
    private var recorded: [String] = []
    private let level: Logger.Level

    init(level: Logger.Level = .notice) { self.level = level }

    /// A logger whose lines from `level` up land here.
    var logger: Logger {
        var logger = Logger(label: "test") { [self] _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// A logger that writes nothing.
    static var silent: Logger { Logger(label: "test") { _ in SwiftLogNoOpLogHandler() } }

    fileprivate func record(_ line: String) {
        lock.lock()
        recorded.append(line)
        lock.unlock()
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { recorder.record(event.message.description) }
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// The lines once at least `count` have arrived (or after two seconds).
    func waitForLines(_ count: Int) -> [String] {
        let deadline = Date().addingTimeInterval(2)
        while lines.count < count && Date() < deadline { usleep(5_000) }
        return lines
    }
}

/// A blocking test client over the module's own Connection.
struct TestClient {
    let connection: Connection

    init(_ endpoint: SocketEndpoint) throws {
        connection = try Connection.connect(to: endpoint, readTimeoutMilliseconds: 3_000)
    }

    init(adopting fd: Int32) {
        connection = Connection(adopting: fd, readTimeoutMilliseconds: 3_000)
    }

    static func tcp(_ port: UInt16?) throws -> TestClient {
        try TestClient(.tcp(host: "127.0.0.1", port: try #require(port)))
    }

    func send(_ bytes: [UInt8]) throws { try connection.writeAll(bytes) }

    func receive(_ count: Int) throws -> [UInt8] { try connection.readRequired(count) }

    func receiveUInt32() throws -> UInt32 { try connection.readRequiredUInt32() }

    /// True when the server closed the connection (end of stream or reset) with nothing more to read.
    func isClosedByServer() -> Bool {
        do {
            return try connection.readExactly(1) == nil
        } catch {
            if case .system = error { return true }  // reset by the server
            return false
        }
    }

    /// One control command: `u32 code | payload` → the first `replyLength` bytes of the reply.
    func control(_ code: UInt32, _ payload: [UInt8] = [], replyLength: Int = 4) throws -> [UInt8] {
        try send(be32(code) + payload)
        return try receive(replyLength)
    }

    func close() { connection.close() }
}

func be32(_ value: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.append(u32: value)
    return bytes
}

func be64(_ value: UInt64) -> [UInt8] { be32(UInt32(value >> 32)) + be32(UInt32(truncatingIfNeeded: value)) }

/// TPM2_GetRandom(8): a well-formed 12-byte raw command.
let getRandom: [UInt8] = [0x80, 0x01, 0, 0, 0, 0x0C, 0, 0, 0x01, 0x7B, 0, 8]

/// `u32 8 | u8 locality | u32 n | n bytes`
func sendCommandFrame(_ command: [UInt8], locality: UInt8) -> [UInt8] {
    be32(8) + [locality] + be32(UInt32(command.count)) + command
}

/// `u32 m | m bytes | u32 0`
func framedResponse(_ response: [UInt8]) -> [UInt8] { be32(UInt32(response.count)) + response + be32(0) }

/// A short, unique Unix socket path (sun_path holds about 107 bytes).
func temporarySocketPath(_ name: String) -> String {
    "/tmp/tb-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
}

/// A connected pair of Unix stream sockets.
func socketPair() throws -> (Int32, Int32) {
    var fds: [Int32] = [-1, -1]
    #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue)
    #else
        let type = SOCK_STREAM
    #endif
    let status = socketpair(AF_UNIX, type, 0, &fds)
    try #require(status == 0)
    return (fds[0], fds[1])
}

/// A started swtpm server on ephemeral loopback ports with a short read timeout.
func startSwtpm(_ device: FakeTPM, configure: (inout SwtpmServer.Options) -> Void = { _ in }) throws -> (
    SwtpmServer, LogRecorder
) {
    var options = SwtpmServer.Options(data: .tcp(port: 0), control: .tcp(port: 0), readTimeoutMilliseconds: 300)
    configure(&options)
    let logs = LogRecorder()
    let server = SwtpmServer(device: device, options: options, logger: logs.logger)
    try server.start()
    return (server, logs)
}

/// A started mssim server on ephemeral loopback ports with a short read timeout.
func startMssim(_ device: FakeTPM) throws -> (MssimServer, LogRecorder) {
    let logs = LogRecorder()
    let server = MssimServer(
        device: device, options: .init(commandPort: 0, readTimeoutMilliseconds: 300), logger: logs.logger)
    try server.start()
    return (server, logs)
}

/// Binds a Unix socket at `path` and closes it without removing the file, as a crashed server would.
func leaveStaleSocketFile(at path: String) throws {
    #if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue)
    #else
        let type = SOCK_STREAM
    #endif
    let fd = socket(AF_UNIX, type, 0)
    defer { Platform.closeDescriptor(fd) }
    var address = try #require(Platform.unixAddress(path))
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    try #require(status == 0)
}
