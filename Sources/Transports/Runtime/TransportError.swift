/// Why a server could not be configured or started. Descriptions are sentences that say what to do.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    /// An option string is malformed; the message says what to write instead.
    case invalidOption(String)
    /// A socket could not be created, bound or adopted.
    case socket(SocketError)
    /// The device refused a start-up step (power on for `not-need-init`).
    case device(String)
    /// A client connection (a TCTI) could not be opened or used.
    case client(String)

    public var description: String {
        switch self {
        case .invalidOption(let message), .device(let message), .client(let message): return message
        case .socket(let error): return error.description
        }
    }
}
