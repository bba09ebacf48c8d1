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
/// swtpm's numbers (1 the default: problems and what the server is doing; 2 adds connections,
/// 3 each command's code and answer, 4 and above every byte) or swift-log's names (`trace`
/// ... `critical`). `level=` alone keeps standard error.
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
    public init(parsing text: String) throws(TransportError) {
        var truncate = false
        var path: String?
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let (key, value) = Self.split(part)
            switch (key, value) {
            case ("file", let value?) where !value.isEmpty: path = value
            case ("fd", let value?):
                guard let fd = Int32(value), fd >= 0 else { throw .invalidOption("--log fd=\(value): the descriptor must be a number of an open file") }
                destination = .descriptor(fd)
            case ("level", let value?): level = try Self.level(value)
            case ("prefix", let value?): prefix = value
            case ("truncate", nil): truncate = true
            default:
                throw .invalidOption("--log: cannot read '\(part)'; use file=PATH or fd=N, with level=N (1-5, or trace|debug|info|notice|warning|error|critical), prefix=TEXT and truncate")
            }
        }
        if let path { destination = path == "-" ? .nowhere : .file(path: path, truncate: truncate) }
    }

    private static func split(_ part: String) -> (String, String?) {
        guard let equals = part.firstIndex(of: "=") else { return (part, nil) }
        return (String(part[..<equals]), String(part[part.index(after: equals)...]))
    }

    private static func level(_ value: String) throws(TransportError) -> Logger.Level {
        if let named = Logger.Level(rawValue: value) { return named }
        switch Int(value) {
        case 0?: return .critical
        case 1?: return .notice
        case 2?: return .info
        case 3?: return .debug
        case let number? where number >= 4: return .trace
        default: throw .invalidOption("--log level=\(value): use a number from 0 to 5 (swtpm's levels) or trace, debug, info, notice, warning, error or critical")
        }
    }

    /// Installs the handler process-wide (once, before any logger is made: at the start of a
    /// command). A file that cannot be opened is a sentence naming it.
    public func bootstrap() throws(TransportError) {
        let sink = try LineSink(destination)
        let level = self.level, prefix = self.prefix
        LoggingSystem.bootstrap { _ in LineLogHandler(sink: sink, level: level, prefix: prefix) }
    }
}

/// One line per event: prefix, the level for problems, the message. Lines from many threads
/// never interleave: each is one write(2) under a lock.
struct LineLogHandler: LogHandler {
    let sink: LineSink
    var logLevel: Logger.Level
    let prefix: String
    var metadata: Logger.Metadata = [:]

    init(sink: LineSink, level: Logger.Level, prefix: String) {
        self.sink = sink
        logLevel = level
        self.prefix = prefix
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let severity = event.level >= .warning ? "\(event.level): " : ""
        sink.write("\(prefix)\(severity)\(event.message)\n")
    }
}

/// An open log destination shared by every logger of the process.
final class LineSink: @unchecked Sendable {
    // Safe: `descriptor` is set once in init and writes are serialised by `lock`.
    private let lock = NSLock()
    private let descriptor: Int32?

    init(_ destination: LogOptions.Destination) throws(TransportError) {
        switch destination {
        case .standardError: descriptor = STDERR_FILENO
        case .descriptor(let fd):
            guard fcntl(fd, F_GETFD) != -1 else { throw .invalidOption("--log fd=\(fd): no such open descriptor") }
            descriptor = fd
        case .nowhere: descriptor = nil
        case .file(let path, let truncate):
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0o640)
            guard fd >= 0 else { throw .invalidOption("--log file=\(path): cannot open it (\(String(cString: strerror(errno)))); check the folder exists and is writable") }
            descriptor = fd
        }
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
            guard written > 0 else { return }
            offset += written
        }
    }
}
