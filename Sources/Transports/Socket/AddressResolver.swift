#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// getaddrinfo for stream sockets: numeric IPv4/IPv6 addresses and host names alike.
enum AddressResolver {
    struct Candidate {
        let family: Int32
        /// The raw sockaddr bytes.
        let address: [UInt8]
        let length: socklen_t
    }

    static func resolve(host: String, port: UInt16, passive: Bool) throws(SocketError) -> [Candidate] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Platform.streamType & ~Platform.closeOnExecFlag
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw .badAddress(
                "cannot use \(host) as an address (\(reason)); give a numeric address such as 127.0.0.1 or ::1")
        }
        defer { freeaddrinfo(first) }
        var candidates: [Candidate] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                let length = Int(entry.pointee.ai_addrlen)
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: length))
                candidates.append(
                    Candidate(family: entry.pointee.ai_family, address: bytes, length: entry.pointee.ai_addrlen))
            }
            cursor = entry.pointee.ai_next
        }
        return candidates
    }
}
