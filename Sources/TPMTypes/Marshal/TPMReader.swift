/// Big-endian reader over untrusted bytes in canonical form (unmarshaling, Part 3 §5.8). Short input
/// is the sender's error, answered with TPM_RC_INSUFFICIENT (§5.8.2); the cursor moves only on success.
public struct TPMReader {
    private var bytes: ArraySlice<UInt8>

    /// Reads `bytes` from the start.
    /// - Parameter bytes: the canonical-form bytes to unmarshal, as received.
    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }
    /// Reads a slice of a larger buffer from its first element.
    /// - Parameter bytes: the canonical-form bytes to unmarshal.
    public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// False after the last parameter means trailing garbage: TPM_RC_SIZE.
    public var isAtEnd: Bool { bytes.isEmpty }
    public var remaining: Int { bytes.count }

    /// Reads an unsigned integer (UINT8 ... UINT64), most significant byte first; the argument only picks `T`,
    /// which the context usually infers. Short input is TPM_RC_INSUFFICIENT.
    /// - Returns: the integer the next `MemoryLayout<T>.size` bytes encode.
    public mutating func read<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self) throws(TPMError) -> T {
        let size = MemoryLayout<T>.size
        guard bytes.count >= size else { throw TPMError(.insufficient) }
        var value = T.zero
        for byte in bytes.prefix(size) { value = value << 8 | T(byte) }
        bytes.removeFirst(size)
        return value
    }

    /// Reads bytes as they are, with no size field (a fixed-size digest, a bitmap).
    /// - Parameter count: how many bytes to take; a negative count, or more than remain, is TPM_RC_INSUFFICIENT.
    /// - Returns: the bytes, in wire order.
    public mutating func readBytes(_ count: Int) throws(TPMError) -> [UInt8] {
        guard count >= 0, bytes.count >= count else { throw TPMError(.insufficient) }
        let out = Array(bytes.prefix(count))
        bytes.removeFirst(count)
        return out
    }

    /// A TPM2B: u16 size then that many bytes, at most `maxSize` (TPM_RC_SIZE beyond it).
    /// - Parameter maxSize: the largest size the TPM2B type admits (its buffer bound in Part 2).
    /// - Returns: the buffer, without its size field.
    /// - Throws: TPM_RC_SIZE when the size field exceeds `maxSize`; TPM_RC_INSUFFICIENT for short input.
    public mutating func readSized(max maxSize: Int) throws(TPMError) -> [UInt8] {
        let size = Int(try read(UInt16.self))
        guard size <= maxSize else { throw TPMError(.size) }
        return try readBytes(size)
    }

    /// Everything not yet read (the parameter area of a command, say).
    /// - Returns: the unread bytes, in order; the reader is then at its end.
    public mutating func readRest() -> [UInt8] {
        let out = Array(bytes)
        bytes.removeAll()
        return out
    }

    /// A structure that is itself carried inside a TPM2B (TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE...):
    /// the structure must take exactly `size` bytes, else TPM_RC_SIZE. As in Part 4's
    /// unmarshalling, the structure is read first and its length compared after, so a size
    /// that disagrees with the content is TPM_RC_SIZE even where it points past the end.
    /// - Parameters:
    ///   - allowEmpty: whether a size of zero means an absent structure (nil) rather than TPM_RC_SIZE.
    ///   - body: reads the structure from the bytes after the size field.
    /// - Returns: what `body` read, or nil for a zero size when `allowEmpty` is true.
    /// - Throws: TPM_RC_SIZE for a disallowed zero size or a structure not exactly `size` bytes long;
    ///   whatever `body` throws.
    public mutating func readNested<T>(allowEmpty: Bool = false, _ body: (inout TPMReader) throws(TPMError) -> T)
        throws(TPMError) -> T?
    {
        let size = Int(try read(UInt16.self))
        if size == 0 {
            if allowEmpty { return nil }
            throw TPMError(.size)
        }
        var inner = TPMReader(bytes)
        let value = try body(&inner)
        guard bytes.count - inner.remaining == size else { throw TPMError(.size) }
        bytes.removeFirst(size)
        return value
    }
}
