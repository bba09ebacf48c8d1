import Foundation

/// The primitive operations a record store builds its transactions from, each one a write
/// point where power can be cut: `write` may leave a torn prefix; `rename` and `remove` happen
/// or do not. A folder on disk in production (FolderMedium), a simulated medium for
/// power-loss injection (SimulatedMedium).
public protocol StorageMedium: AnyObject {
    /// Where the files live, for messages (a folder path).
    var location: String { get }
    /// A file's whole content, or nil when it does not exist.
    func contents(of file: String) throws(StoreError) -> [UInt8]?
    /// Creates or truncates `file` and writes `bytes`, durable (fsync) when this returns.
    func write(_ file: String, _ bytes: [UInt8]) throws(StoreError)
    /// Atomically replaces `target` with `source`, durable (the folder fsync'd) when this returns.
    func rename(_ source: String, to target: String) throws(StoreError)
    /// Removes `file` if present, durable when this returns.
    func remove(_ file: String) throws(StoreError)
    /// The files present.
    func files() throws(StoreError) -> [String]
}

/// Files in one folder, each operation made durable with fsync before it returns.
public final class FolderMedium: StorageMedium {
    public let directory: URL
    public var location: String { directory.path }

    /// A medium over the files of `directory`.
    /// - Parameter directory: the folder holding the files; it must exist (it is not created here).
    public init(directory: URL) { self.directory = directory }

    private func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// A file's whole content, read from the folder.
    /// - Parameter file: the file's name in the folder.
    /// - Returns: its bytes, or nil when it does not exist.
    public func contents(of file: String) throws(StoreError) -> [UInt8]? {
        let filePath = path(file)
        let fd = open(filePath, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(path: filePath, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: filePath, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Creates (mode 0600) or truncates `file`, writes `bytes` and fsyncs it before returning.
    /// - Parameters:
    ///   - file: the file's name in the folder.
    ///   - bytes: its whole new content.
    public func write(_ file: String, _ bytes: [UInt8]) throws(StoreError) {
        let filePath = path(file)
        let fd = open(filePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: filePath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: filePath, reason: String(cString: strerror(errno)))
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw .io(path: filePath, reason: String(cString: strerror(errno))) }
    }

    /// Renames `source` over `target` (rename(2), atomic), then fsyncs the folder.
    /// - Parameters:
    ///   - source: the file to rename.
    ///   - target: the name it takes; a file already there is replaced.
    public func rename(_ source: String, to target: String) throws(StoreError) {
        guard Glibc.rename(path(source), path(target)) == 0 else {
            throw .io(path: path(target), reason: String(cString: strerror(errno)))
        }
        syncDirectory()
    }

    /// Removes `file` if present, then fsyncs the folder.
    /// - Parameter file: the file's name in the folder; a missing file is not an error.
    public func remove(_ file: String) throws(StoreError) {
        if unlink(path(file)) != 0 && errno != ENOENT {
            throw .io(path: path(file), reason: String(cString: strerror(errno)))
        }
        syncDirectory()
    }

    /// The files present in the folder.
    /// - Returns: the names of the folder's entries, hidden ones included, sorted.
    public func files() throws(StoreError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw .io(path: directory.path, reason: "cannot list the folder (\(error.localizedDescription))")
        }
    }

    /// Makes renames and removals durable: they are entries of the folder.
    private func syncDirectory() {
        let dfd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        fsync(dfd)
        close(dfd)
    }
}

/// A medium in memory that can lose power at a chosen write point, for tearing tests:
/// `cut(at: k, torn:)` makes the k-th write point (1-based, counted from now) the last: a torn
/// write leaves only the first half of its bytes; after it every operation answers `.powerLost`.
/// Each completed operation is durable, as FolderMedium's are.
public final class SimulatedMedium: StorageMedium {
    public private(set) var storedFiles: [String: [UInt8]]
    /// Write points (write, rename, remove) reached so far, and what each one was.
    public private(set) var writePoints = 0
    public private(set) var operations: [String] = []
    public private(set) var isPoweredOff = false
    private var cutPoint: Int?
    private var tearCutWrite = false
    public let location: String

    /// A powered medium holding `files`, with no cut set.
    /// - Parameters:
    ///   - files: the files it starts with, by name (a `snapshot`, to restart from another medium).
    ///   - location: where messages say the files live.
    public init(files: [String: [UInt8]] = [:], location: String = "(simulated medium)") {
        storedFiles = files
        self.location = location
    }

    /// The medium as it is now: what a restarted device finds.
    public var snapshot: [String: [UInt8]] { storedFiles }

    /// Cuts power at the `point`-th write point from now; with `torn`, a write there lands half-done.
    /// - Parameters:
    ///   - point: which write point, counted from now: 1 is the next one.
    ///   - torn: whether a write cut there leaves the first half of its bytes (else the file is unchanged).
    public func cut(at point: Int, torn: Bool) {
        cutPoint = writePoints + point
        tearCutWrite = torn
    }

    /// Counts a write point; true when power goes at this one.
    private func reachWritePoint(_ operation: String) throws(StoreError) -> Bool {
        guard !isPoweredOff else { throw .powerLost }
        writePoints += 1
        operations.append(operation)
        guard writePoints == cutPoint else { return false }
        isPoweredOff = true
        return true
    }

    /// A file's whole content; `.powerLost` once power is cut.
    /// - Parameter file: the file's name.
    /// - Returns: its bytes, or nil when it does not exist.
    public func contents(of file: String) throws(StoreError) -> [UInt8]? {
        guard !isPoweredOff else { throw .powerLost }
        return storedFiles[file]
    }

    /// Stores `bytes` as `file`: a write point. Cut there, the file is left as it was, or with a
    /// torn cut holds the first half of `bytes`.
    /// - Parameters:
    ///   - file: the file's name.
    ///   - bytes: its whole new content.
    public func write(_ file: String, _ bytes: [UInt8]) throws(StoreError) {
        if try reachWritePoint("write \(file) (\(bytes.count) bytes)") {
            if tearCutWrite { storedFiles[file] = Array(bytes.prefix(bytes.count / 2)) }
            throw .powerLost
        }
        storedFiles[file] = bytes
    }

    /// Moves `source` over `target`: a write point, done whole or not at all.
    /// - Parameters:
    ///   - source: the file to rename; a missing one is an `.io` error.
    ///   - target: the name it takes; a file already there is replaced.
    public func rename(_ source: String, to target: String) throws(StoreError) {
        if try reachWritePoint("rename \(source) to \(target)") { throw .powerLost }
        guard let bytes = storedFiles.removeValue(forKey: source) else {
            throw .io(path: source, reason: "no such file")
        }
        storedFiles[target] = bytes
    }

    /// Removes `file` if present: a write point.
    /// - Parameter file: the file's name; a missing file is not an error.
    public func remove(_ file: String) throws(StoreError) {
        if try reachWritePoint("remove \(file)") { throw .powerLost }
        storedFiles[file] = nil
    }

    /// The files present; `.powerLost` once power is cut.
    /// - Returns: the stored files' names, sorted.
    public func files() throws(StoreError) -> [String] {
        guard !isPoweredOff else { throw .powerLost }
        return storedFiles.keys.sorted()
    }
}
