import Foundation

/// Records as files on a medium, each in a RecordEnvelope. A transaction of one change is a
/// shadow copy: the new record is written to NAME.tmp, then renamed over NAME. A transaction
/// of several is journalled: the whole change set goes to `journal` first, then each record
/// is replaced, then the journal is removed. Opening the store finishes a complete journal,
/// drops a torn one, and deletes stray .tmp files, so the store always holds the records of
/// the last committed transaction.
public final class RecordStore: DeviceStore {
    static let journal = "journal"
    static let temporarySuffix = ".tmp"

    public let medium: StorageMedium
    private let key: [UInt8]?

    /// Opens the records on `medium` and recovers from any interrupted transaction. With a
    /// `key` (32 bytes), records are encrypted at rest with AES-256-GCM.
    /// - Parameters:
    ///   - medium: the medium the record files, the journal and the shadow copies live on.
    ///   - key: the 256-bit state key; nil keeps records in plain text under a SHA-256 checksum.
    public init(medium: StorageMedium, key: [UInt8]? = nil) throws(StoreError) {
        self.medium = medium
        self.key = key
        try recover()
    }

    private func check(_ name: String) throws(StoreError) {
        guard !name.isEmpty, name != Self.journal, !name.hasSuffix(Self.temporarySuffix),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }),
            !name.hasPrefix(".")
        else { throw .badName(name) }
    }

    private func path(_ file: String) -> String { medium.location + "/" + file }

    /// Reads one record and opens its envelope (checksum checked, or decrypted with the key).
    /// - Parameter name: the record: letters, digits, `-`, `_` and `.`, not starting with `.`, not
    ///   `journal` and not ending in `.tmp`.
    /// - Returns: the record's payload, or nil when it was never written.
    public func read(_ name: String) throws(StoreError) -> [UInt8]? {
        try check(name)
        guard let file = try medium.contents(of: name) else { return nil }
        return try RecordEnvelope.open(file, name: name, path: path(name), key: key)
    }

    /// The records the store holds.
    /// - Returns: the medium's files that are valid record names: not the journal, a `.tmp`
    ///   shadow copy or a hidden file such as a folder's `.lock`.
    public func names() throws(StoreError) -> [String] {
        try medium.files().filter { (try? check($0)) != nil }
    }

    /// Applies every change atomically: one change as a shadow copy, several through the journal.
    /// - Parameter changes: the records to replace (bytes) or remove (nil); an empty list does nothing.
    public func commit(_ changes: [RecordChange]) throws(StoreError) {
        for change in changes { try check(change.name) }
        guard changes.count > 1 else {
            if let change = changes.first { try apply(change) }
            return
        }
        try medium.write(
            Self.journal, try RecordEnvelope.seal(Self.encodeJournal(changes), name: Self.journal, key: key))
        for change in changes { try apply(change) }
        try medium.remove(Self.journal)
    }

    /// One record replaced by shadow copy, or removed.
    private func apply(_ change: RecordChange) throws(StoreError) {
        guard let bytes = change.bytes else { return try medium.remove(change.name) }
        let temporary = change.name + Self.temporarySuffix
        try medium.write(temporary, try RecordEnvelope.seal(bytes, name: change.name, key: key))
        try medium.rename(temporary, to: change.name)
    }

    /// After a crash: a journal that opens was committed, so its changes are (re)applied; one
    /// that does not open was torn before any record was touched, so it is dropped.
    private func recover() throws(StoreError) {
        for file in try medium.files() where file.hasSuffix(Self.temporarySuffix) {
            try medium.remove(file)
        }
        guard let journal = try medium.contents(of: Self.journal) else { return }
        if let payload = try? RecordEnvelope.open(journal, name: Self.journal, path: path(Self.journal), key: key),
            let changes = Self.decodeJournal(payload)
        {
            for change in changes { try apply(change) }
        }
        try medium.remove(Self.journal)
    }

    /// u32 count, then per change: u16 name length, name, u8 present, u32 length, bytes.
    static func encodeJournal(_ changes: [RecordChange]) -> [UInt8] {
        var out = bigEndian(UInt32(changes.count), 4)
        for change in changes {
            let name = Array(change.name.utf8)
            out += bigEndian(UInt32(name.count), 2) + name
            if let bytes = change.bytes {
                out += [1] + bigEndian(UInt32(bytes.count), 4) + bytes
            } else {
                out += [0]
            }
        }
        return out
    }

    static func decodeJournal(_ bytes: [UInt8]) -> [RecordChange]? {
        var cursor = bytes[...]
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard cursor.count >= count else { return nil }
            defer { cursor = cursor.dropFirst(count) }
            return cursor.prefix(count)
        }
        func number(_ size: Int) -> Int? { take(size)?.reduce(0) { $0 << 8 | Int($1) } }
        guard let count = number(4) else { return nil }
        var changes: [RecordChange] = []
        for _ in 0..<count {
            guard let nameLength = number(2), let name = take(nameLength), let present = take(1)?.first else {
                return nil
            }
            var bytes: [UInt8]?
            if present == 1 {
                guard let length = number(4), let data = take(length) else { return nil }
                bytes = Array(data)
            }
            changes.append(RecordChange(String(decoding: name, as: UTF8.self), bytes))
        }
        return cursor.isEmpty ? changes : nil
    }

    private static func bigEndian(_ value: UInt32, _ size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// Records in one folder (`--tpmstate dir=D`), locked so two servers never share one state.
public final class DirectoryStore: DeviceStore {
    public let directory: URL
    private let lockFD: Int32
    private let records: RecordStore

    /// Opens (creating if needed) `directory`, takes an exclusive lock on it and recovers any
    /// interrupted transaction. `key` (32 bytes) encrypts the records at rest.
    /// - Parameters:
    ///   - directory: the state folder; its `.lock` file holds the lock while this store lives.
    ///   - key: the 256-bit state key for AES-256-GCM; nil keeps records in plain text under a checksum.
    public init(directory: URL, key: [UInt8]? = nil) throws(StoreError) {
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
            throw .io(
                path: directory.path,
                reason: "another process is using this state folder (stop it, or pick another folder)")
        }
        lockFD = fd
        do {
            records = try RecordStore(medium: FolderMedium(directory: directory), key: key)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(lockFD) }

    /// Reads one record from the folder.
    /// - Parameter name: the record, named as for `RecordStore.read(_:)`.
    /// - Returns: the record's payload, or nil when it was never written.
    public func read(_ name: String) throws(StoreError) -> [UInt8]? { try records.read(name) }
    /// Applies every change atomically, as `RecordStore.commit(_:)` does.
    /// - Parameter changes: the records to replace (bytes) or remove (nil).
    public func commit(_ changes: [RecordChange]) throws(StoreError) { try records.commit(changes) }
    /// The records the folder holds.
    /// - Returns: the record names, without the journal, shadow copies or the `.lock` file.
    public func names() throws(StoreError) -> [String] { try records.names() }
}
