import Foundation

/// Every APDU of a run and its answer, in hex, with the time and the case that sent it
/// (`--transcript FILE`): a lab's evidence of what the card was asked and what it said.
/// Lines: `2026-12-07T16:20:01.123Z iso7816.select-mf > 00A4000C023F00`, `<` for answers,
/// `#` for notes (power cycles, the ATR).
public final class CardTranscript {
    enum Direction: String {
        case command = ">"
        case response = "<"
    }

    private let handle: FileHandle
    private let clock = ISO8601DateFormatter()

    /// Creates (or empties) the transcript file at `path`.
    /// - Parameter path: where to write the transcript.
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw BenchError("cannot write the transcript to \(path): check the folder exists and is writable")
        }
        self.handle = handle
        clock.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    }

    deinit { try? handle.close() }

    func record(caseID: String, direction: Direction, _ bytes: [UInt8]) {
        write("\(caseID) \(direction.rawValue) \(Self.hex(bytes))")
    }

    /// Writes a note line (`#`).
    /// - Parameters:
    ///   - caseID: the case the note belongs to; empty for the run.
    ///   - text: the note.
    public func note(caseID: String, _ text: String) { write("\(caseID.isEmpty ? "-" : caseID) # \(text)") }

    private func write(_ line: String) {
        // A transcript that cannot be written loses lines; the run goes on.
        try? handle.write(contentsOf: Data("\(clock.string(from: Date())) \(line)\n".utf8))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }
    static func hex(_ byte: UInt8) -> String { hex([byte]) }
}
