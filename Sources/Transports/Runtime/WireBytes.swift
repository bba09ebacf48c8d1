/// Big-endian integers on the wire (TPM frames themselves are TPMTypes' TPMFrame).
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
