import Foundation
import Glibc
import Logging

/// The servers' logger (label `trustbench.transports`): bad input and connection events at
/// `warning` and `notice`, each frame at `trace`. Servers take another in their initializers
/// (tests collect lines with their own handler).
public enum TransportLogging {
    public static let logger = Logger(label: "trustbench.transports")
}

/// Where log lines go and from which level, in swtpm's spelling of `--log`:
/// `file=PATH|fd=N[,level=N][,prefix=P][,truncate]`, where `file=-` logs nothing. Levels are
/// swtpm's numbers (0 and 1 the default: problems and what the server is doing; 2 adds
/// connections, 3 each command's name and answer, 4 and above its bytes) or swift-log's
/// names (`trace` ... `critical`). `level=` alone keeps standard error.
public struct LogOptions: Equatable, Sendable {
    public enum Destination: Equatable, Sendable {
        case standardError
        case file(path: String, truncate: Bool)
        case descriptor(Int32)
        case nowhere
    }

    public var destination: Destination = .standardError
    public var level: Logger.Level = .notice
    public var prefix = "trustbench: "

    public init() {}

    /// Parses a `--log` value; a mistake is a sentence naming the part and what is accepted.
    /// - Parameter text: the `--log` value, `file=PATH|fd=N[,level=N][,prefix=P][,truncate]`.
    public init(parsing text: String) throws(TransportError) {
        var truncate = false
        var path: String?
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let (key, value) = Self.split(part)
            switch (key, value) {
            case ("file", let value?) where !value.isEmpty: path = value
            case ("fd", let value?):
                guard let fd = Int32(value), fd >= 0 else {
                    throw .invalidOption("--log fd=\(value): give the number of a descriptor open for writing")
                }
                destination = .descriptor(fd)
            case ("level", let value?): level = try Self.level(value)
            case ("prefix", let value?): prefix = value
            // swtpm's boolean: true or 1 is true, any other value false.
            case ("truncate", nil): truncate = true
            case ("truncate", let value?): truncate = value == "true" || value == "1"
            default:
                throw .invalidOption(
                    "--log: cannot read '\(part)'; use file=PATH or fd=N, with level=N (\(Self.levels)), prefix=TEXT and truncate"
                )
            }
        }
        if let path { destination = path == "-" ? .nowhere : .file(path: path, truncate: truncate) }
    }

    private static let levels =
        "0 or more: 1 problems and events, 2 connections, 3 commands, 4 and above bytes; or trace, debug, info, notice, warning, error, critical"

    private static func split(_ part: String) -> (String, String?) {
        guard let equals = part.firstIndex(of: "=") else { return (part, nil) }
        return (String(part[..<equals]), String(part[part.index(after: equals)...]))
    }

    private static func level(_ value: String) throws(TransportError) -> Logger.Level {
        if let named = Logger.Level(rawValue: value) { return named }
        switch Int(value) {
        // swtpm logs at level 1 when a log is named without a level (or with level 0).
        case 0?, 1?: return .notice
        case 2?: return .info
        case 3?: return .debug
        case let number? where number >= 4: return .trace
        default: throw .invalidOption("--log level=\(value): use \(levels)")
        }
    }

    /// Points every logger of the process (made before or after) at this destination and
    /// level. A file that cannot be opened is a sentence naming it.
    public func apply() throws(TransportError) {
        LogConfiguration.process.update(sink: try LineSink(destination), level: level, prefix: prefix)
    }

    /// Installs the process's log handler, at the defaults until `apply`: call once, first.
    public static func installProcessHandler() {
        LoggingSystem.bootstrap { _ in LineLogHandler(configuration: .process) }
    }
}

/// Where lines go and from which level, shared by the handlers of one process (or of one
/// test), so `--log` read after the first logger was made still governs it.
final class LogConfiguration: @unchecked Sendable {
    // Safe: every field is read and written under `lock`.
    private let lock = NSLock()
    private var sink: LineSink
    private var level: Logger.Level
    private var prefix: String

    static let process = LogConfiguration(
        sink: LineSink(descriptor: STDERR_FILENO), level: .notice, prefix: "trustbench: ")

    init(sink: LineSink, level: Logger.Level, prefix: String) {
        self.sink = sink
        self.level = level
        self.prefix = prefix
    }

    func update(sink: LineSink, level: Logger.Level, prefix: String) {
        lock.lock()
        defer { lock.unlock() }
        (self.sink, self.level, self.prefix) = (sink, level, prefix)
    }

    var current: (sink: LineSink, level: Logger.Level, prefix: String) {
        lock.lock()
        defer { lock.unlock() }
        return (sink, level, prefix)
    }
}

/// One line per event: prefix, the level for problems, the message. A level set on one
/// logger stays with it; otherwise the shared configuration's applies.
struct LineLogHandler: LogHandler {
    let configuration: LogConfiguration
    private var ownLevel: Logger.Level?
    var metadata: Logger.Metadata = [:]

    init(configuration: LogConfiguration) { self.configuration = configuration }

    var logLevel: Logger.Level {
        get { ownLevel ?? configuration.current.level }
        set { ownLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let (sink, _, prefix) = configuration.current
        let severity = event.level >= .warning ? "\(event.level): " : ""
        sink.write("\(prefix)\(severity)\(event.message)\n")
    }
}

/// An open log destination. Lines from many threads never interleave: each is written whole
/// under a lock. A file it opened is closed with it.
final class LineSink: @unchecked Sendable {
    // Safe: `descriptor` and `owned` never change after init; writes are serialised by `lock`.
    private let lock = NSLock()
    private let descriptor: Int32?
    private let owned: Bool

    init(descriptor: Int32?) {
        self.descriptor = descriptor
        owned = false
    }

    init(_ destination: LogOptions.Destination) throws(TransportError) {
        switch destination {
        case .standardError:
            descriptor = STDERR_FILENO
            owned = false
        case .descriptor(let fd):
            let flags = fcntl(fd, F_GETFL)
            guard flags != -1 else { throw .invalidOption("--log fd=\(fd): no such open descriptor") }
            guard flags & O_ACCMODE != O_RDONLY else {
                throw .invalidOption(
                    "--log fd=\(fd): the descriptor is open for reading only; pass one open for writing")
            }
            descriptor = fd
            owned = false
        case .nowhere:
            descriptor = nil
            owned = false
        case .file(let path, let truncate):
            // As swtpm: never through a symbolic link, readable by the owner only (at trace
            // level the log holds authorization values and PINs in clear).
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (truncate ? O_TRUNC : O_APPEND), 0o600)
            guard fd >= 0 else {
                throw .invalidOption(
                    "--log file=\(path): cannot open it (\(String(cString: strerror(errno)))); check the folder exists and is writable and the path is not a symbolic link"
                )
            }
            descriptor = fd
            owned = true
        }
    }

    deinit {
        if owned, let descriptor { close(descriptor) }
    }

    func write(_ line: String) {
        guard let descriptor else { return }
        let bytes = Array(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }  // a log that cannot take the line loses it
            offset += written
        }
    }
}
