import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owner and group of a Unix socket file, as swtpm's `mode=`, `uid=`, `gid=` set them.
public struct UnixSocketPermissions: Sendable, Hashable {
    /// File mode bits; swtpm's default for its sockets is 0770.
    public var mode: UInt32
    public var uid: UInt32?
    public var gid: UInt32?

    /// Permissions to apply to a Unix socket file when it is created.
    /// - Parameters:
    ///   - mode: the file mode bits set with chmod.
    ///   - uid: the owner to set with chown; nil keeps the current one.
    ///   - gid: the group to set with chown; nil keeps the current one.
    public init(mode: UInt32 = 0o770, uid: UInt32? = nil, gid: UInt32? = nil) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
    }
}

/// A bound, listening TCP or Unix stream socket.
final class ListeningSocket: @unchecked Sendable {
    // Safe: immutable after init except `isClosed`, which is read and written under `stateLock`.
    let fd: Int32
    /// What was asked for; for TCP, `port` below is the one the kernel actually gave.
    let endpoint: SocketEndpoint?
    /// The actual TCP port (useful after asking for port 0); nil for Unix sockets.
    let port: UInt16?
    /// A Unix socket file this listener created and removes when closed.
    private let ownedPath: String?
    private let stateLock = NSLock()
    private var isClosed = false

    /// Binds and listens. TCP sockets get SO_REUSEADDR so a restarted server rebinds at once;
    /// a stale Unix socket file is replaced, any other file at that path is refused.
    init(endpoint: SocketEndpoint, permissions: UnixSocketPermissions? = nil, backlog: Int32 = 16) throws(SocketError) {
        self.endpoint = endpoint
        switch endpoint {
        case .tcp(let host, let requestedPort):
            var lastError = SocketError.badAddress("no address found for \(host)")
            var bound: Int32 = -1
            for candidate in try AddressResolver.resolve(host: host, port: requestedPort, passive: true) {
                do throws(SocketError) {
                    bound = try Self.bindAndListen(family: candidate.family, backlog: backlog, endpoint: endpoint) {
                        fd in
                        candidate.address.withUnsafeBytes {
                            bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), candidate.length)
                        }
                    }
                    break
                } catch {
                    lastError = error
                }
            }
            guard bound >= 0 else { throw lastError }
            fd = bound
            port = Self.boundPort(of: bound) ?? requestedPort
            ownedPath = nil
        case .unix(let path):
            guard var address = Platform.unixAddress(path) else {
                throw .badPath(
                    "the Unix socket path \(path) is empty or longer than the system allows; choose a shorter path")
            }
            try Self.removeStaleSocket(at: path)
            fd = try Self.bindAndListen(family: AF_UNIX, backlog: backlog, endpoint: endpoint) { fd in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
            }
            port = nil
            ownedPath = path
            do throws(SocketError) {
                try Self.apply(permissions ?? UnixSocketPermissions(), to: path)
            } catch {
                close()
                throw error
            }
        }
    }

    /// Adopts an already listening socket handed over by a parent process (swtpm's `fd=`).
    init(adopting fd: Int32) {
        self.fd = fd
        endpoint = nil
        port = Self.boundPort(of: fd)
        ownedPath = nil
    }

    deinit { close() }

    enum AcceptResult {
        case connection(Int32)
        /// The listener was shut down or closed: the accept loop ends.
        case closed
        /// A transient failure (EMFILE, ECONNABORTED, ...): log and keep accepting.
        case failed(SocketError)
    }

    func accept() -> AcceptResult {
        while true {
            let client = Platform.acceptConnection(fd)
            if client >= 0 {
                // Latency over throughput; on a Unix socket the option just does not apply.
                Platform.setOption(client, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return .connection(client)
            }
            switch errno {
            case EINTR: continue
            case EINVAL, EBADF, ENOTSOCK: return .closed
            default:
                return .failed(
                    .system(
                        call: "accept", errno: errno, context: "accepting on \(endpoint?.description ?? "fd \(fd)")"))
            }
        }
    }

    /// Makes a blocked `accept()` return `.closed`.
    func shutdown() {
        stateLock.lock()
        defer { stateLock.unlock() }
        if !isClosed { Platform.shutdownDescriptor(fd) }
    }

    func close() {
        stateLock.lock()
        defer { stateLock.unlock() }
        guard !isClosed else { return }
        isClosed = true
        Platform.closeDescriptor(fd)
        if let path = ownedPath { unlink(path) }
    }

    // MARK: Helpers

    private static func bindAndListen(
        family: Int32, backlog: Int32, endpoint: SocketEndpoint,
        bindCall: (Int32) -> Int32
    ) throws(SocketError) -> Int32 {
        let fd = socket(family, Platform.streamType, 0)
        guard fd >= 0 else { throw .system(call: "socket", errno: errno, context: "listening on \(endpoint)") }
        if family != AF_UNIX { Platform.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1) }
        if family == AF_INET6 { Platform.setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
        guard bindCall(fd) == 0 else {
            let code = errno
            Platform.closeDescriptor(fd)
            let hint = code == EADDRINUSE ? " (another process holds it; pick another port or stop that process)" : ""
            throw .system(call: "bind", errno: code, context: "listening on \(endpoint)\(hint)")
        }
        guard listen(fd, backlog) == 0 else {
            let code = errno
            Platform.closeDescriptor(fd)
            throw .system(call: "listen", errno: code, context: "listening on \(endpoint)")
        }
        return fd
    }

    private static func boundPort(of fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port) }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port) }
        default:
            return nil
        }
    }

    private static func removeStaleSocket(at path: String) throws(SocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw .badPath("\(path) exists and is not a socket; remove it or choose another path")
        }
        unlink(path)
    }

    private static func apply(_ permissions: UnixSocketPermissions, to path: String) throws(SocketError) {
        guard chmod(path, mode_t(permissions.mode)) == 0 else {
            throw .system(
                call: "chmod", errno: errno, context: "setting mode \(String(permissions.mode, radix: 8)) on \(path)")
        }
        if permissions.uid != nil || permissions.gid != nil {
            let uid = permissions.uid.map { uid_t($0) } ?? uid_t.max
            let gid = permissions.gid.map { gid_t($0) } ?? gid_t.max
            guard chown(path, uid, gid) == 0 else {
                throw .system(call: "chown", errno: errno, context: "changing the owner of \(path) (this needs root)")
            }
        }
    }
}
