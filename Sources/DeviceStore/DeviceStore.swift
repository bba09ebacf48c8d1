import Foundation

/// The one place device state touches files. A store holds named records; `write` replaces a
/// record atomically (temporary file, fsync, rename, fsync of the folder), so a crash leaves
/// either the old or the new record, never a mix. Issue #4 adds the journal and power-cut
/// injection behind this same interface.
public protocol DeviceStore: AnyObject {
    /// The record's bytes, or nil when it was never written.
    func read(_ name: String) throws(StoreError) -> [UInt8]?
    /// Replaces the record; durable when this returns.
    func write(_ name: String, _ bytes: [UInt8]) throws(StoreError)
    /// Removes the record; durable when this returns.
    func remove(_ name: String) throws(StoreError)
}

/// Store failures, each a sentence that says what went wrong and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case badName(String)

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return "cannot use state file \(path): \(reason); check the folder exists, is writable and the disk has space"
        case .badName(let name):
            return "invalid state record name \(name)"
        }
    }
}

/// Records as files in one folder (`--tpmstate dir=D`).
public final class DirectoryStore: DeviceStore {
    public let directory: URL
    private let lockFD: Int32

    /// Opens (creating if needed) `directory` and takes an exclusive lock on it, so two
    /// servers never share one state.
    public init(directory: URL) throws(StoreError) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let lockPath = directory.appendingPathComponent(".lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .io(path: directory.path, reason: "another process is using this state folder (stop it, or pick another folder)")
        }
        lockFD = fd
    }

    deinit { close(lockFD) }

    private func path(_ name: String) throws(StoreError) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }),
              !name.hasPrefix(".") else { throw .badName(name) }
        return directory.appendingPathComponent(name).path
    }

    public func read(_ name: String) throws(StoreError) -> [UInt8]? {
        let file = try path(name)
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(path: file, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: file, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws(StoreError) {
        let file = try path(name)
        let temp = file + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: temp, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .io(path: temp, reason: reason)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .io(path: temp, reason: reason)
        }
        close(fd)
        guard rename(temp, file) == 0 else { throw .io(path: file, reason: String(cString: strerror(errno))) }
        syncDirectory()
    }

    public func remove(_ name: String) throws(StoreError) {
        let file = try path(name)
        if unlink(file) != 0 && errno != ENOENT { throw .io(path: file, reason: String(cString: strerror(errno))) }
        syncDirectory()
    }

    private func syncDirectory() {
        let dfd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        fsync(dfd)
        close(dfd)
    }
}

/// Records in memory: the in-process emulator with no state folder.
public final class MemoryStore: DeviceStore {
    private var records: [String: [UInt8]] = [:]
    public init() {}
    public func read(_ name: String) throws(StoreError) -> [UInt8]? { records[name] }
    public func write(_ name: String, _ bytes: [UInt8]) throws(StoreError) { records[name] = bytes }
    public func remove(_ name: String) throws(StoreError) { records[name] = nil }
}
