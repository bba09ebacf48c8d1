/// Where a server listens or a client connects: a TCP address or a Unix socket path.
public enum SocketEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `host` is a numeric IPv4/IPv6 address or a name; port 0 asks the kernel for a free port.
    case tcp(host: String, port: UInt16)
    case unix(path: String)

    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
