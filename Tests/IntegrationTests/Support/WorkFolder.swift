import Foundation

/// A fresh temporary folder for one suite's files, and the byte-level helpers tool tests use on it.
struct WorkFolder {
    let url: URL

    init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    /// A new empty file opened for writing: where a child process's output goes.
    func logFile(_ name: String) -> FileHandle {
        _ = FileManager.default.createFile(atPath: path(name), contents: nil)
        return FileHandle(forWritingAtPath: path(name)) ?? FileHandle.nullDevice
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }

    /// Bytes that differ on every run, so no result can be a recorded one.
    static func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
