import Foundation

/// The one place device state touches storage. A store holds named records; `commit` applies
/// a set of changes as one transaction: after a crash, power cut or torn write the store
/// recovers to all of them or none. A device commits each command's state change before the
/// command's response leaves, so what a client saw acknowledged is what survives.
public protocol DeviceStore: AnyObject {
    /// The record's bytes, or nil when it was never written.
    func read(_ name: String) throws(StoreError) -> [UInt8]?
    /// Applies every change atomically; durable when this returns.
    func commit(_ changes: [RecordChange]) throws(StoreError)
    /// The records the store holds.
    func names() throws(StoreError) -> [String]
}

/// One record replaced (bytes) or removed (nil) by a transaction.
public struct RecordChange: Equatable, Sendable {
    public var name: String
    public var bytes: [UInt8]?

    /// A change of the record `name`.
    /// - Parameters:
    ///   - name: the record to change.
    ///   - bytes: its new content, or nil to remove it.
    public init(_ name: String, _ bytes: [UInt8]?) {
        self.name = name
        self.bytes = bytes
    }
}

extension DeviceStore {
    /// Replaces one record atomically.
    /// - Parameters:
    ///   - name: the record to create or replace.
    ///   - bytes: its new content.
    public func write(_ name: String, _ bytes: [UInt8]) throws(StoreError) { try commit([RecordChange(name, bytes)]) }
    /// Removes one record atomically.
    /// - Parameter name: the record to remove.
    public func remove(_ name: String) throws(StoreError) { try commit([RecordChange(name, nil)]) }
}

/// Store failures, each a sentence that says what went wrong and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case badName(String)
    /// A record failed its integrity check or format: never repaired or overwritten silently.
    case corrupt(path: String, reason: String)
    /// The (simulated) power was cut: nothing more reaches the medium until the device restarts.
    case powerLost

    public var description: String {
        switch self {
        case .io(let path, let reason):
            return
                "cannot use state file \(path): \(reason); check the folder exists, is writable and the disk has space"
        case .badName(let name):
            return "invalid state record name \(name)"
        case .corrupt(let path, let reason):
            return
                "state file \(path) \(reason); the state was left as it is: restore the folder from a backup, or move it away to start a new device"
        case .powerLost:
            return "power was cut while the state was being written"
        }
    }
}

/// Records in memory: the in-process emulator with no state folder.
public final class MemoryStore: DeviceStore {
    private var records: [String: [UInt8]] = [:]
    public init() {}
    /// Reads one record from memory.
    /// - Parameter name: the record to read.
    /// - Returns: its bytes as last committed, or nil when it was never written or was removed.
    public func read(_ name: String) throws(StoreError) -> [UInt8]? { records[name] }
    /// Applies the changes to the records in memory.
    /// - Parameter changes: the records to replace (bytes) or remove (nil).
    public func commit(_ changes: [RecordChange]) throws(StoreError) {
        for change in changes { records[change.name] = change.bytes }
    }
    /// The records held in memory.
    /// - Returns: their names, sorted.
    public func names() throws(StoreError) -> [String] { records.keys.sorted() }
}
