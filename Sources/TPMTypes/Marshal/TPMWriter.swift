/// Big-endian writer, the mirror of `TPMReader`.
public struct TPMWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends an unsigned integer, most significant byte first, in as many bytes as `T` has.
    /// - Parameter value: the integer to append (a UINT8 ... UINT64, a TPM_HANDLE, a TPM_CC...).
    public mutating func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        for shift in stride(from: (size - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Appends bytes as they are, with no size field.
    /// - Parameter data: the bytes to append.
    public mutating func write(bytes data: [UInt8]) { bytes.append(contentsOf: data) }

    /// A TPM2B: u16 size then the bytes.
    /// - Parameter data: the buffer; its count, truncated to 16 bits, is the size field.
    public mutating func writeSized(_ data: [UInt8]) {
        write(UInt16(truncatingIfNeeded: data.count))
        bytes.append(contentsOf: data)
    }

    /// A structure wrapped in a TPM2B size prefix.
    /// - Parameter body: writes the structure into a fresh writer, whose bytes then follow the size field.
    public mutating func writeNested(_ body: (inout TPMWriter) -> Void) {
        var inner = TPMWriter()
        body(&inner)
        writeSized(inner.bytes)
    }

    /// Appends a value in its canonical form, as its `marshal(into:)` writes it.
    /// - Parameter value: the structure or constant to append.
    public mutating func write<T: TPMMarshallable>(_ value: T) { value.marshal(into: &self) }
}

/// A type with one canonical wire form.
public protocol TPMMarshallable {
    func marshal(into writer: inout TPMWriter)
}

/// A type read from untrusted bytes; failures are the spec's TPM_RC.
public protocol TPMUnmarshallable {
    init(from reader: inout TPMReader) throws(TPMError)
}

public typealias TPMCodable = TPMMarshallable & TPMUnmarshallable

extension TPMMarshallable {
    public var marshalled: [UInt8] {
        var writer = TPMWriter()
        marshal(into: &writer)
        return writer.bytes
    }
}

extension TPMUnmarshallable {
    /// Reads a whole buffer that must hold exactly one value.
    public init(exactly bytes: [UInt8]) throws(TPMError) {
        var reader = TPMReader(bytes)
        self = try Self(from: &reader)
        guard reader.isAtEnd else { throw TPMError(.size) }
    }
}

/// A TPM constant type (TPM_SU, TPM_SE...): its raw value on the wire, and any value the type
/// does not define is TPM_RC_VALUE when read.
public protocol TPMConstant: RawRepresentable, TPMCodable where RawValue: FixedWidthInteger & UnsignedInteger {}

extension TPMConstant {
    public init(from reader: inout TPMReader) throws(TPMError) {
        guard let value = Self(rawValue: try reader.read(RawValue.self)) else { throw TPMError(.value) }
        self = value
    }

    public func marshal(into writer: inout TPMWriter) { writer.write(rawValue) }
}

extension UInt32 {
    /// The four octets of the value, most significant first, as the TPM's wire carries them.
    public var bigEndianBytes: [UInt8] {
        [
            UInt8(self >> 24), UInt8(truncatingIfNeeded: self >> 16), UInt8(truncatingIfNeeded: self >> 8),
            UInt8(truncatingIfNeeded: self),
        ]
    }
}
