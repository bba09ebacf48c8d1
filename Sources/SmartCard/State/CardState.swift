import DeviceStore
import Foundation

/// Everything the card keeps across power cycles: the file tree, PINs and keys. Each is its
/// own record (docs/STATE.md): "card-files" (the tree), "card-pin-XX" and "card-key-XX" (XX
/// the reference in hex), each JSON with sorted keys so the same state is the same bytes and
/// only records that changed are written. Each hosted application keeps its own records under
/// the prefix its state type declares ("piv-", "openpgp-"); the core keeps those states by type
/// without knowing them.
struct CardState {
    var files: CardFileSystem
    var pins: [UInt8: PinObject]
    var keys: [UInt8: CardKey]
    /// Each hosted application's durable state, keyed by its state type.
    private var applicationStates: [ObjectIdentifier: any ApplicationState] = [:]

    init(layout: CardLayout) {
        files = CardFileSystem(master: layout.master)
        pins = Dictionary(layout.pins.map { ($0.reference, $0) }, uniquingKeysWith: { _, last in last })
        keys = Dictionary(layout.keys.map { ($0.reference, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The hosted application of state type `S`, once personalized.
    subscript<S: ApplicationState>(_: S.Type) -> S? {
        get { applicationStates[ObjectIdentifier(S.self)] as? S }
        set { applicationStates[ObjectIdentifier(S.self)] = newValue }
    }

    /// The prefix of the core's own records, which no application may use.
    static let corePrefix = "card-"
    static let filesRecord = "card-files"
    static func pinRecord(_ reference: UInt8) -> String { String(format: "card-pin-%02x", reference) }
    static func keyRecord(_ reference: UInt8) -> String { String(format: "card-key-%02x", reference) }

    /// The records this state is stored as.
    func records() -> [String: [UInt8]] {
        var out = [Self.filesRecord: Self.encode(files)]
        for (reference, pin) in pins { out[Self.pinRecord(reference)] = Self.encode(pin) }
        for (reference, key) in keys { out[Self.keyRecord(reference)] = Self.encode(key) }
        for application in applicationStates.values { out.merge(application.records()) { first, _ in first } }
        return out
    }

    /// The state in `store`, or nil when the store holds no card (a new card is personalized).
    /// Records of applications not in `applications` stay in the store untouched.
    static func load(from store: DeviceStore, applications: [any ApplicationState.Type]) throws(CardError) -> CardState?
    {
        do {
            guard let files = try store.read(filesRecord) else { return nil }
            var state = CardState(
                layout: CardLayout(master: try decode(CardFileSystem.self, files, filesRecord).master))
            var applicationRecords: [String: [String: [UInt8]]] = [:]
            for name in try store.names() {
                guard let bytes = try store.read(name) else { continue }
                if name.hasPrefix("card-pin-") {
                    let pin = try decode(PinObject.self, bytes, name)
                    state.pins[pin.reference] = pin
                } else if name.hasPrefix("card-key-") {
                    let key = try decode(CardKey.self, bytes, name)
                    state.keys[key.reference] = key
                } else if let prefix = applications.map({ $0.recordPrefix }).first(where: name.hasPrefix) {
                    applicationRecords[prefix, default: [:]][name] = bytes
                }
            }
            for type in applications {
                guard let records = applicationRecords[type.recordPrefix] else { continue }
                state.applicationStates[ObjectIdentifier(type)] = try type.init(records: records)
            }
            return state
        } catch let error as StoreError {
            throw CardError(error.description)
        } catch let error as CardError {
            throw error
        } catch {
            throw CardError("\(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Only our own Codable types of plain values: encoding cannot fail.
        return (try? Array(encoder.encode(value))) ?? []
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], _ name: String) throws(CardError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw CardError(
                "card state record \(name) is not a record this build reads (\(error)); restore the state folder from a backup or move it away to start a new card"
            )
        }
    }
}

/// Why a card could not start, as a sentence saying what to do.
public struct CardError: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// An error carrying its message.
    /// - Parameter description: the sentence saying what went wrong and what to do.
    public init(_ description: String) { self.description = description }
}
