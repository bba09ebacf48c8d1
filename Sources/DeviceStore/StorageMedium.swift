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

    public init(directory: URL) { self.directory = directory }

    private func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

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

    public func rename(_ source: String, to target: String) throws(StoreError) {
        guard Glibc.rename(path(source), path(target)) == 0 else {
            throw .io(path: path(target), reason: String(cString: strerror(errno)))
        }
        syncDirectory()
    }

    public func remove(_ file: String) throws(StoreError) {
        if unlink(path(file)) != 0 && errno != ENOENT {
            throw .io(path: path(file), reason: String(cString: strerror(errno)))
        }
        syncDirectory()
    }

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

    public init(files: [String: [UInt8]] = [:], location: String = "(simulated medium)") {
        storedFiles = files
        self.location = location
    }

    /// The medium as it is now: what a restarted device finds.
    public var snapshot: [String: [UInt8]] { storedFiles }

    /// Cuts power at the `point`-th write point from now; with `torn`, a write there lands half-done.
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

    public func contents(of file: String) throws(StoreError) -> [UInt8]? {
        guard !isPoweredOff else { throw .powerLost }
        return storedFiles[file]
    }

    public func write(_ file: String, _ bytes: [UInt8]) throws(StoreError) {
        if try reachWritePoint("write \(file) (\(bytes.count) bytes)") {
            if tearCutWrite { storedFiles[file] = Array(bytes.prefix(bytes.count / 2)) }
            throw .powerLost
        }
        storedFiles[file] = bytes
    }

    public func rename(_ source: String, to target: String) throws(StoreError) {
        if try reachWritePoint("rename \(source) to \(target)") { throw .powerLost }
        guard let bytes = storedFiles.removeValue(forKey: source) else {
            throw .io(path: source, reason: "no such file")
        }
        storedFiles[target] = bytes
    }

    public func remove(_ file: String) throws(StoreError) {
        if try reachWritePoint("remove \(file)") { throw .powerLost }
        storedFiles[file] = nil
    }

    public func files() throws(StoreError) -> [String] {
        guard !isPoweredOff else { throw .powerLost }
        return storedFiles.keys.sorted()
    }
}
