import TPMTypes
import Testing

@testable import TPM2

/// TPMReader and TPMWriter: the one place bytes become values (Part 1 canonical form:
/// big-endian integers, TPM2B = u16 size then the bytes).
@Suite("TPMReader and TPMWriter")
struct ReaderWriterTests {
    @Test("integers are big-endian in both directions")
    func integers() throws {
        var w = TPMWriter()
        w.write(UInt8(0x01))
        w.write(UInt16(0x0203))
        w.write(UInt32(0x0405_0607))
        w.write(UInt64(0x0809_0A0B_0C0D_0E0F))
        #expect(w.bytes == Array(1...15))

        var r = TPMReader(w.bytes)
        #expect(try r.read(UInt8.self) == 0x01)
        #expect(try r.read(UInt16.self) == 0x0203)
        #expect(try r.read(UInt32.self) == 0x0405_0607)
        #expect(try r.read(UInt64.self) == 0x0809_0A0B_0C0D_0E0F)
        #expect(r.isAtEnd)
    }

    /// Marshal.c's integer readers answer TPM_RC_INSUFFICIENT; ours must also leave the
    /// cursor where it was, so a caller can report the right parameter.
    @Test("a short integer is TPM_RC_INSUFFICIENT and the cursor stays put")
    func shortInteger() throws {
        for available in 0..<8 {
            var r = TPMReader([UInt8](repeating: 0xAB, count: available))
            #expect(throws: TPMError(.insufficient)) { try r.read(UInt64.self) }
            #expect(r.remaining == available)
        }
        var r = TPMReader([0x01])
        #expect(throws: TPMError(.insufficient)) { try r.read(UInt16.self) }
        #expect(try r.read(UInt8.self) == 0x01)
    }

    @Test("readBytes refuses negative and too-large counts without moving")
    func readBytesBounds() throws {
        var r = TPMReader([1, 2, 3])
        #expect(throws: TPMError(.insufficient)) { try r.readBytes(-1) }
        #expect(throws: TPMError(.insufficient)) { try r.readBytes(4) }
        #expect(r.remaining == 3)
        #expect(try r.readBytes(0) == [])
        #expect(try r.readBytes(3) == [1, 2, 3])
        #expect(r.isAtEnd)
    }

    /// A TPM2B whose size is above the type's maximum is TPM_RC_SIZE even when the bytes are
    /// there (Part 2 §10.4: "the size is greater than the buffer"); one within the maximum
    /// but past the end of the input is TPM_RC_INSUFFICIENT.
    @Test("TPM2B sizes: above the maximum is TPM_RC_SIZE, past the end is TPM_RC_INSUFFICIENT")
    func sized() throws {
        var ok = TPMReader([0x00, 0x02, 0xAA, 0xBB, 0xCC])
        #expect(try ok.readSized(max: 2) == [0xAA, 0xBB])
        #expect(ok.remaining == 1)

        var tooBig = TPMReader([0x00, 0x03, 0xAA, 0xBB, 0xCC])
        #expect(throws: TPMError(.size)) { try tooBig.readSized(max: 2) }

        var huge = TPMReader([0xFF, 0xFF])
        #expect(throws: TPMError(.size)) { try huge.readSized(max: TPMLimits.maxBuffer) }

        var short = TPMReader([0x00, 0x04, 0xAA])
        #expect(throws: TPMError(.insufficient)) { try short.readSized(max: 64) }

        var noSize = TPMReader([0x00])
        #expect(throws: TPMError(.insufficient)) { try noSize.readSized(max: 64) }
    }

    @Test("a TPM2B round-trips, including the empty one")
    func sizedRoundTrip() throws {
        for payload in [[], [0x00], Array(repeating: UInt8(0x7F), count: 300)] as [[UInt8]] {
            var w = TPMWriter()
            w.writeSized(payload)
            #expect(w.bytes.count == payload.count + 2)
            var r = TPMReader(w.bytes)
            #expect(try r.readSized(max: 300) == payload)
            #expect(r.isAtEnd)
        }
    }

    /// TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE and friends: the inner structure must use the
    /// size exactly, whichever way they disagree (TPM_RC_SIZE), and a zero size is refused
    /// unless allowed; only running out of input altogether is TPM_RC_INSUFFICIENT.
    @Test("nested structures use exactly their size")
    func nested() throws {
        func readPair(_ r: inout TPMReader) throws(TPMError) -> UInt16 { try r.read(UInt16.self) }

        var exact = TPMReader([0x00, 0x02, 0x12, 0x34])
        #expect(try exact.readNested(readPair) == 0x1234)

        var leftover = TPMReader([0x00, 0x03, 0x12, 0x34, 0x56])
        #expect(throws: TPMError(.size)) { try leftover.readNested(readPair) }

        var sizeTooSmall = TPMReader([0x00, 0x01, 0x12, 0x34])
        #expect(throws: TPMError(.size)) { try sizeTooSmall.readNested(readPair) }

        var sizePastTheEnd = TPMReader([0x00, 0x04, 0x12, 0x34])
        #expect(throws: TPMError(.size)) { try sizePastTheEnd.readNested(readPair) }

        var noStructure = TPMReader([0x00, 0x02, 0x12])
        #expect(throws: TPMError(.insufficient)) { try noStructure.readNested(readPair) }

        var empty = TPMReader([0x00, 0x00])
        #expect(throws: TPMError(.size)) { try empty.readNested(readPair) }
        var emptyAllowed = TPMReader([0x00, 0x00])
        #expect(try emptyAllowed.readNested(allowEmpty: true, readPair) == nil)
        #expect(emptyAllowed.isAtEnd)
    }

    @Test("writeNested prefixes the inner bytes with their size")
    func writeNested() {
        var w = TPMWriter()
        w.writeNested { $0.write(UInt32(0xDEAD_BEEF)) }
        #expect(w.bytes == [0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF])
    }

    @Test("readRest takes everything and leaves the reader at its end")
    func readRest() {
        var r = TPMReader([1, 2, 3, 4][...].dropFirst())
        #expect(r.readRest() == [2, 3, 4])
        #expect(r.isAtEnd)
        #expect(r.readRest() == [])
    }

    /// `init(exactly:)` is how a whole buffer becomes one value: a byte left over is the
    /// sender's mistake, TPM_RC_SIZE, as for trailing bytes after a command's last parameter.
    @Test("decoding a whole buffer refuses trailing bytes with TPM_RC_SIZE")
    func exactly() throws {
        #expect(try TPMAlgorithm(exactly: [0x00, 0x0B]) == .sha256)
        #expect(throws: TPMError(.size)) { try TPMAlgorithm(exactly: [0x00, 0x0B, 0x00]) }
        #expect(throws: TPMError(.insufficient)) { try TPMAlgorithm(exactly: [0x00]) }
    }
}
