#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SCM_RIGHTS control-message layout (the CMSG_* macros, which Swift does not import).
enum DescriptorPassing {
    #if canImport(Glibc)
        typealias ControlLength = Int
    #else
        typealias ControlLength = socklen_t
    #endif

    private static let alignment = MemoryLayout<Int>.size
    private static func align(_ length: Int) -> Int { (length + alignment - 1) & ~(alignment - 1) }
    private static var headerSize: Int { align(MemoryLayout<cmsghdr>.size) }
    private static let descriptorSize = MemoryLayout<Int32>.size

    /// CMSG_SPACE for `descriptorCount` descriptors.
    static func controlSpace(descriptorCount: Int) -> Int { headerSize + align(descriptorCount * descriptorSize) }

    static func controlLength(_ length: Int) -> ControlLength { ControlLength(length) }

    /// Writes one SCM_RIGHTS message carrying `descriptor` at the start of `control`.
    static func encode(_ descriptor: Int32, into control: inout [UInt8]) {
        var header = cmsghdr()
        header.cmsg_len = .init(headerSize + descriptorSize)
        header.cmsg_level = SOL_SOCKET
        header.cmsg_type = Int32(SCM_RIGHTS)
        control.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: header, toByteOffset: 0, as: cmsghdr.self)
            raw.storeBytes(of: descriptor, toByteOffset: headerSize, as: Int32.self)
        }
    }

    /// Every descriptor carried by SCM_RIGHTS messages in the first `length` bytes of `control`.
    static func descriptors(in control: UnsafeRawBufferPointer, length: Int) -> [Int32] {
        var found: [Int32] = []
        var offset = 0
        let end = min(length, control.count)
        while offset + headerSize <= end {
            let header = control.loadUnaligned(fromByteOffset: offset, as: cmsghdr.self)
            let messageLength = Int(header.cmsg_len)
            guard messageLength >= headerSize, offset + messageLength <= end else { break }
            if header.cmsg_level == SOL_SOCKET && header.cmsg_type == Int32(SCM_RIGHTS) {
                let count = (messageLength - headerSize) / descriptorSize
                for index in 0..<count {
                    found.append(
                        control.loadUnaligned(
                            fromByteOffset: offset + headerSize + index * descriptorSize, as: Int32.self))
                }
            }
            offset += align(messageLength)
        }
        return found
    }
}
