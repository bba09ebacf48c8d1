import DeviceStore

/// Sits between a device and its store and remembers the records as of the last transaction
/// that committed, and the records the transaction in flight would leave: the before-image
/// and after-image a recovered store must equal one of.
final class CommitRecorder: DeviceStore {
    let inner: DeviceStore
    private(set) var committed: [String: [UInt8]]
    private(set) var inFlight: [String: [UInt8]]?

    init(_ inner: DeviceStore) throws(StoreError) {
        self.inner = inner
        committed = try Self.image(of: inner)
    }

    static func image(of store: DeviceStore) throws(StoreError) -> [String: [UInt8]] {
        var image: [String: [UInt8]] = [:]
        for name in try store.names() { image[name] = try store.read(name) }
        return image
    }

    func read(_ name: String) throws(StoreError) -> [UInt8]? { try inner.read(name) }
    func names() throws(StoreError) -> [String] { try inner.names() }

    func commit(_ changes: [RecordChange]) throws(StoreError) {
        var next = committed
        for change in changes { next[change.name] = change.bytes }
        inFlight = next
        try inner.commit(changes)
        committed = next
        inFlight = nil
    }
}
