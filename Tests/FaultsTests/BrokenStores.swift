import DeviceStore

/// Writes each record straight over its file: no shadow copy, so a torn write corrupts it.
final class InPlaceStore: DeviceStore {
    let medium: StorageMedium
    init(_ medium: StorageMedium) { self.medium = medium }
    func read(_ name: String) throws(StoreError) -> [UInt8]? { try medium.contents(of: name) }
    func names() throws(StoreError) -> [String] { try medium.files() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        for change in changes {
            if let bytes = change.bytes { try medium.write(change.name, bytes) } else { try medium.remove(change.name) }
        }
    }
}

/// Returns from commit before writing, and writes the previous transaction's records only
/// when the next one arrives: what a client is told is not yet on the medium.
final class DeferredStore: DeviceStore {
    let records: RecordStore
    var pending: [RecordChange] = []
    init(_ medium: StorageMedium) throws(StoreError) { records = try RecordStore(medium: medium) }
    func read(_ name: String) throws(StoreError) -> [UInt8]? {
        if let change = pending.last(where: { $0.name == name }) { return change.bytes }
        return try records.read(name)
    }
    func names() throws(StoreError) -> [String] { try records.names() }
    func commit(_ changes: [RecordChange]) throws(StoreError) {
        if !pending.isEmpty { try records.commit(pending) }
        pending = changes
    }
}
