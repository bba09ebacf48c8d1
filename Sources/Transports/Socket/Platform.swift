#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few spellings that differ between Glibc and Darwin, kept in one place.
enum Platform {
    #if canImport(Glibc)
        static let closeOnExecFlag = Int32(SOCK_CLOEXEC.rawValue)
        static let streamType = Int32(SOCK_STREAM.rawValue) | closeOnExecFlag
        /// A peer that went away must not kill the process with SIGPIPE.
        static let sendFlags = Int32(MSG_NOSIGNAL)
        static let receiveMessageFlags = Int32(MSG_CMSG_CLOEXEC)
    #else
        static let closeOnExecFlag: Int32 = 0
        static let streamType = SOCK_STREAM
        static let sendFlags: Int32 = 0
        static let receiveMessageFlags: Int32 = 0
    #endif

    static func closeDescriptor(_ fd: Int32) { _ = close(fd) }

    /// Wakes threads blocked in accept/recv/send on `fd`; the descriptor stays open.
    static func shutdownDescriptor(_ fd: Int32) { _ = shutdown(fd, Int32(SHUT_RDWR)) }

    /// True when `fd` is an open descriptor (for descriptors inherited from a parent process).
    static func isOpenDescriptor(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) != -1 }

    /// accept(2), marking the new descriptor close-on-exec (accept4 is not imported).
    static func acceptConnection(_ fd: Int32) -> Int32 {
        let client = accept(fd, nil, nil)
        if client >= 0 { _ = fcntl(client, F_SETFD, FD_CLOEXEC) }
        return client
    }

    static func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        connect(fd, address, length)
    }

    /// Sets an integer socket option; failures are ignored by callers that only tune latency.
    @discardableResult
    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) -> Bool {
        var value = value
        return setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }

    /// Milliseconds on a monotonic clock, for read deadlines.
    static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Fills a `sockaddr_un` for `path`, or nil when the path does not fit `sun_path`.
    static func unixAddress(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}
