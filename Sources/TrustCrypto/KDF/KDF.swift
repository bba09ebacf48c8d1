/// The TPM's two key derivation functions (Part 1 §11.4.10). Both produce `ceil(bits/8)` bytes;
/// `bits` outside 1...UInt32.max yields no bytes, since the count travels as a 32-bit field.
public enum KDF {
    /// Part 1 §11.4.10: the label is a NUL-terminated string. A label that already ends in 0x00
    /// (or arrives as binary with its own terminator) gets no second one; an empty label is just 0x00.
    static func terminated(_ label: [UInt8]) -> [UInt8] {
        label.last == 0 ? label : label + [0]
    }

    /// `bits` as the big-endian 32-bit field the derivation input carries, or nil when out of range.
    static func bitCountField(_ bits: Int) -> [UInt8]? {
        guard bits > 0, let value = UInt32(exactly: bits) else { return nil }
        return bigEndian(value)
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }

    /// Cuts a block stream to `ceil(bits/8)` bytes; when `bits` is not a whole number of bytes the
    /// unused high-order bits of the first byte are cleared (Part 1 §11.4.10.2, last step).
    static func truncated(_ stream: [UInt8], toBits bits: Int) -> [UInt8] {
        var out = Array(stream.prefix((bits + 7) / 8))
        if bits % 8 != 0, !out.isEmpty {
            out[0] &= UInt8((1 << (bits % 8)) - 1)
        }
        return out
    }
}
