/// Big-endian integers on the wire, and the one TPM response the transports build themselves.
enum WireBytes {
    /// Reads a big-endian u16 at `offset`; the caller has checked the length.
    static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Reads a big-endian u32 at `offset`; the caller has checked the length.
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// TPM_ST_NO_SESSIONS and TPM_ST_SESSIONS: the tags that mark a raw TPM 2.0 command.
    static let noSessionsTag: UInt16 = 0x8001
    static let sessionsTag: UInt16 = 0x8002
    /// The size of a TPM 2.0 command or response header (tag, size, code).
    static let headerSize = 10
    /// TPM_RC_COMMAND_SIZE (Part 2 §6.6.3): the size field is out of range.
    static let commandSizeError: UInt32 = 0x142

    /// A header-only response carrying `code`, as a TPM answers a command it cannot parse.
    static func errorResponse(_ code: UInt32) -> [UInt8] {
        var response: [UInt8] = []
        response.append(u16: noSessionsTag)
        response.append(u32: UInt32(headerSize))
        response.append(u32: code)
        return response
    }
}

extension Array where Element == UInt8 {
    mutating func append(u16 value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    mutating func append(u32 value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// `u32 count | bytes`: the mssim length-prefixed buffer.
    mutating func append(lengthPrefixed bytes: [UInt8]) {
        append(u32: UInt32(bytes.count))
        append(contentsOf: bytes)
    }
}
