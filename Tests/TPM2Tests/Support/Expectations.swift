import TPMTypes
import Testing

@testable import TPM2

/// How a test reads one value of a type from a reader (most often `T.init(from:)`).
typealias Decoder<T> = @Sendable (inout TPMReader) throws(TPMError) -> T

/// marshal → unmarshal gives the value back, reading exactly its own bytes even with more
/// input behind it (no over-read), and marshalling again gives the same bytes.
func expectRoundTrip<T: TPMMarshallable & Equatable>(
    _ value: T, _ decode: Decoder<T>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let bytes = value.marshalled
    let trailer: [UInt8] = [0xEE, 0xEE, 0xEE]
    var reader = TPMReader(bytes + trailer)
    do {
        let decoded = try decode(&reader)
        #expect(decoded == value, sourceLocation: sourceLocation)
        #expect(
            reader.remaining == trailer.count, "read past its own \(bytes.count) bytes", sourceLocation: sourceLocation)
        #expect(decoded.marshalled == bytes, sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(T.self) did not read back: \(error.responseCode)", sourceLocation: sourceLocation)
    }
}

/// A prefix of a valid encoding can only be short: every cut must answer TPM_RC_INSUFFICIENT
/// (never trap, never succeed by reading what is not there).
func expectEveryTruncationInsufficient<T>(
    _ bytes: [UInt8], _ decode: Decoder<T>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for cut in 0..<bytes.count {
        var reader = TPMReader(Array(bytes.prefix(cut)))
        do {
            _ = try decode(&reader)
            Issue.record("\(T.self) decoded from \(cut) of \(bytes.count) bytes", sourceLocation: sourceLocation)
        } catch {
            #expect(error == TPMError(.insufficient), "cut at \(cut) of \(bytes.count)", sourceLocation: sourceLocation)
        }
    }
}

/// Decoding `bytes` fails with exactly `code` (no culprit: types do not know their position).
func expectDecodeError<T>(
    _ bytes: [UInt8], _ decode: Decoder<T>, _ code: TPMResponseCode,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var reader = TPMReader(bytes)
    do {
        _ = try decode(&reader)
        Issue.record("\(T.self) accepted \(bytes) instead of answering \(code)", sourceLocation: sourceLocation)
    } catch {
        #expect(error == TPMError(code), sourceLocation: sourceLocation)
    }
}
