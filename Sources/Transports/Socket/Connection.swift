import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connected stream socket with exact-length, big-endian reads and whole writes.
///
/// Reads distinguish the quiet gap between messages from a stall inside one: the first byte of a
/// message may take forever (`idle: true`, a client holding its connection open between
/// commands), but once a message has started, or for any read with `idle: false`, the rest must
/// arrive within `readTimeoutMilliseconds`. A half-sent command therefore costs one thread a few
/// seconds, never a hang.
final class Connection: @unchecked Sendable {
    // Safe: `isClosed` is under `stateLock`; `idleWatch` and reads/writes stay on the thread serving the connection.
    let fd: Int32
    let readTimeoutMilliseconds: Int
    private let stateLock = NSLock()
    private var isClosed = false
    /// While this connection waits for its next message, also watch `fd` (a listening socket)
    /// and call `handler` once if it becomes readable: the thread serving this connection is
    /// also its listener's acceptor, and hands accepting over only when a second client comes.
    var idleWatch: (fd: Int32, handler: () -> Void)?

    /// Takes ownership of a connected socket; `close()` releases it.
    init(adopting fd: Int32, readTimeoutMilliseconds: Int) {
        self.fd = fd
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
    }

    deinit { close() }

    /// Connects to a listening TCP or Unix socket.
    static func connect(to endpoint: SocketEndpoint, readTimeoutMilliseconds: Int = 5_000) throws(SocketError)
        -> Connection
    {
        switch endpoint {
        case .unix(let path):
            guard var address = Platform.unixAddress(path) else {
                throw .badPath(
                    "the Unix socket path \(path) is empty or longer than the system allows; choose a shorter path")
            }
            let fd = socket(AF_UNIX, Platform.streamType, 0)
            guard fd >= 0 else { throw .system(call: "socket", errno: errno, context: "connecting to \(endpoint)") }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Platform.connectSocket(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard result == 0 else {
                let code = errno
                Platform.closeDescriptor(fd)
                throw .system(call: "connect", errno: code, context: "connecting to \(endpoint)")
            }
            return Connection(adopting: fd, readTimeoutMilliseconds: readTimeoutMilliseconds)
        case .tcp(let host, let port):
            var lastError = SocketError.badAddress("no address found for \(host)")
            for candidate in try AddressResolver.resolve(host: host, port: port, passive: false) {
                let fd = socket(candidate.family, Platform.streamType, 0)
                guard fd >= 0 else {
                    lastError = .system(call: "socket", errno: errno, context: "connecting to \(endpoint)")
                    continue
                }
                let result = candidate.address.withUnsafeBytes {
                    Platform.connectSocket(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), candidate.length)
                }
                if result == 0 {
                    Platform.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                    return Connection(adopting: fd, readTimeoutMilliseconds: readTimeoutMilliseconds)
                }
                lastError = .system(call: "connect", errno: errno, context: "connecting to \(endpoint)")
                Platform.closeDescriptor(fd)
            }
            throw lastError
        }
    }

    // MARK: Reading

    /// Exactly `count` bytes, or nil when the peer closed the connection before sending any.
    func readExactly(_ count: Int, idle: Bool = false) throws(ConnectionError) -> [UInt8]? {
        var ignored: [Int32]? = nil
        return try fill(count, idle: idle, descriptors: &ignored)
    }

    /// Like `readExactly`, and also returns descriptors the peer attached with SCM_RIGHTS
    /// (swtpm's SET_DATAFD). The caller owns, and must close, every returned descriptor.
    func readExactlyCollectingDescriptors(_ count: Int, idle: Bool = false) throws(ConnectionError) -> (
        bytes: [UInt8], descriptors: [Int32]
    )? {
        var descriptors: [Int32]? = []
        do {
            guard let bytes = try fill(count, idle: idle, descriptors: &descriptors) else {
                for descriptor in descriptors ?? [] { Platform.closeDescriptor(descriptor) }
                return nil
            }
            return (bytes, descriptors ?? [])
        } catch {
            for descriptor in descriptors ?? [] { Platform.closeDescriptor(descriptor) }
            throw error
        }
    }

    func readUInt8(idle: Bool = false) throws(ConnectionError) -> UInt8? {
        try readExactly(1, idle: idle)?.first
    }

    func readUInt32(idle: Bool = false) throws(ConnectionError) -> UInt32? {
        guard let bytes = try readExactly(4, idle: idle) else { return nil }
        return WireBytes.uint32(bytes, at: 0)
    }

    /// A read inside a message: end of stream here is truncation, not a clean close.
    func readRequired(_ count: Int) throws(ConnectionError) -> [UInt8] {
        guard let bytes = try readExactly(count) else { throw .truncated(expected: count, received: 0) }
        return bytes
    }

    func readRequiredUInt32() throws(ConnectionError) -> UInt32 {
        WireBytes.uint32(try readRequired(4), at: 0)
    }

    /// Throws away whatever the peer has already sent, without waiting: swtpm reads a control
    /// message in one go, so trailing bytes of an unknown command must not become the next one.
    func discardPending() {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let received = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if received <= 0 { return }
        }
    }

    private func fill(_ count: Int, idle: Bool, descriptors: inout [Int32]?) throws(ConnectionError) -> [UInt8]? {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        var deadline: Int64? = idle ? nil : Platform.monotonicMilliseconds() + Int64(readTimeoutMilliseconds)
        while received < count {
            let result = try receive(into: &buffer, from: received, deadline: deadline, descriptors: &descriptors)
            if result == 0 {
                if received == 0 { return nil }
                throw .truncated(expected: count, received: received)
            }
            if result < 0 {
                if errno == EINTR { continue }
                if received == 0 && (errno == ECONNRESET || errno == ENOTCONN) { return nil }
                throw .system(call: "recv", errno: errno)
            }
            received += result
            if deadline == nil { deadline = Platform.monotonicMilliseconds() + Int64(readTimeoutMilliseconds) }
        }
        return buffer
    }

    /// One receive into `buffer[offset...]`. Without a deadline it blocks (watching the idle
    /// watch's socket too, if set); with one, an empty socket is polled until the deadline.
    private func receive(
        into buffer: inout [UInt8], from offset: Int, deadline: Int64?,
        descriptors: inout [Int32]?
    ) throws(ConnectionError) -> Int {
        let wanted = buffer.count - offset
        // Bytes already queued (the usual case: a command's body right behind its header, or
        // a command sent right after connecting) are taken without waiting.
        if descriptors == nil && (deadline != nil || idleWatch != nil) {
            let queued = buffer.withUnsafeMutableBytes {
                recv(fd, $0.baseAddress! + offset, wanted, Int32(MSG_DONTWAIT))
            }
            if queued >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { return queued }
        }
        if deadline == nil, let watch = idleWatch {
            try waitIdle(watching: watch)
        }
        if let limit = deadline {
            let remaining = limit - Platform.monotonicMilliseconds()
            guard remaining > 0, try waitReadable(milliseconds: Int32(clamping: remaining)) else {
                throw .timedOut(expected: buffer.count, received: offset)
            }
        }
        return buffer.withUnsafeMutableBytes { raw in
            let start = raw.baseAddress! + offset
            if descriptors != nil { return receiveMessage(into: start, count: wanted, descriptors: &descriptors) }
            return recv(fd, start, wanted, 0)
        }
    }

    /// Blocks until this connection has data or an end, calling the watch's handler (and
    /// dropping the watch) if its socket turns readable first.
    private func waitIdle(watching watch: (fd: Int32, handler: () -> Void)) throws(ConnectionError) {
        var descriptors = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: watch.fd, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .system(call: "poll", errno: errno)
            }
            if descriptors[0].revents != 0 { return }
            if descriptors[1].revents != 0 {
                idleWatch = nil
                watch.handler()
                return
            }
        }
    }

    /// True when data (or end of stream) is ready within `milliseconds`.
    private func waitReadable(milliseconds: Int32) throws(ConnectionError) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { throw .system(call: "poll", errno: errno) }
        }
    }

    private func receiveMessage(into start: UnsafeMutableRawPointer, count: Int, descriptors: inout [Int32]?) -> Int {
        var control = [UInt8](repeating: 0, count: DescriptorPassing.controlSpace(descriptorCount: 4))
        var vector = iovec(iov_base: start, iov_len: count)
        let result: Int = withUnsafeMutablePointer(to: &vector) { vectorPointer in
            control.withUnsafeMutableBytes { controlBytes in
                var message = msghdr()
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                message.msg_control = controlBytes.baseAddress
                message.msg_controllen = DescriptorPassing.controlLength(controlBytes.count)
                let received = recvmsg(fd, &message, Platform.receiveMessageFlags)
                if received >= 0 {
                    descriptors?.append(
                        contentsOf: DescriptorPassing.descriptors(
                            in: UnsafeRawBufferPointer(controlBytes),
                            length: Int(message.msg_controllen)))
                }
                return received
            }
        }
        return result
    }

    // MARK: Writing

    /// Writes every byte or throws; a peer that vanished is an error, never SIGPIPE.
    func writeAll(_ bytes: [UInt8]) throws(ConnectionError) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + sent, bytes.count - sent, Platform.sendFlags)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .system(call: "send", errno: errno)
            }
            sent += result
        }
    }

    /// Sends `bytes` with `descriptor` attached (SCM_RIGHTS), as QEMU does for SET_DATAFD.
    func write(_ bytes: [UInt8], passing descriptor: Int32) throws(ConnectionError) {
        var control = [UInt8](repeating: 0, count: DescriptorPassing.controlSpace(descriptorCount: 1))
        DescriptorPassing.encode(descriptor, into: &control)
        var payload = bytes
        let result: Int = payload.withUnsafeMutableBytes { payloadBytes in
            var vector = iovec(iov_base: payloadBytes.baseAddress, iov_len: payloadBytes.count)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                control.withUnsafeMutableBytes { controlBytes in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = DescriptorPassing.controlLength(controlBytes.count)
                    return sendmsg(fd, &message, Platform.sendFlags)
                }
            }
        }
        guard result == bytes.count else { throw .system(call: "sendmsg", errno: result < 0 ? errno : EMSGSIZE) }
    }

    // MARK: Lifetime

    /// Wakes any thread blocked on this connection; the owner still calls `close()`.
    func shutdown() {
        stateLock.lock()
        defer { stateLock.unlock() }
        if !isClosed { Platform.shutdownDescriptor(fd) }
    }

    func close() {
        stateLock.lock()
        defer { stateLock.unlock() }
        if !isClosed {
            isClosed = true
            Platform.closeDescriptor(fd)
        }
    }
}
