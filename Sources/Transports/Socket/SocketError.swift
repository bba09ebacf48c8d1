#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Failures of the socket plumbing. Descriptions are sentences for people.
public enum SocketError: Error, Equatable, CustomStringConvertible {
    /// A system call failed; `errno` is kept for the description.
    case system(call: String, errno: Int32, context: String)
    /// The host name or address could not be resolved.
    case badAddress(String)
    /// The Unix socket path is unusable (too long, or an existing non-socket file).
    case badPath(String)

    public var description: String {
        switch self {
        case .system(let call, let code, let context):
            return "\(context): \(call) failed: \(String(cString: strerror(code)))"
        case .badAddress(let message), .badPath(let message):
            return message
        }
    }
}

/// How one connection ended early. Descriptions are sentences for the one log line.
enum ConnectionError: Error, Equatable, CustomStringConvertible {
    /// The peer closed the connection after `received` of `expected` bytes of a message.
    case truncated(expected: Int, received: Int)
    /// The peer stopped sending in the middle of a message for longer than the read timeout.
    case timedOut(expected: Int, received: Int)
    /// recv/send failed.
    case system(call: String, errno: Int32)

    var description: String {
        switch self {
        case .truncated(let expected, let received):
            return "the peer closed the connection after \(received) of \(expected) bytes"
        case .timedOut(let expected, let received):
            return "the peer sent \(received) of \(expected) bytes and then nothing within the read timeout"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
