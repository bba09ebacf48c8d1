import Foundation
import TrustCrypto

/// One private key of the PIV application with the Yubico attributes clients read back in
/// metadata: PIN and touch policy, and whether the card generated it (only those can be
/// attested) or it was imported.
struct PIVKey: Codable, Equatable {
    var key: CardKey
    var pinPolicy: PIVPinPolicy
    var touchPolicy: PIVTouchPolicy
    var origin: Origin

    enum Origin: UInt8, Codable {
        case generated = 1
        case imported = 2
    }

    /// The PIN policy in force: a key made with the default (00) follows its slot's.
    func effectivePinPolicy(_ slot: UInt8) -> PIVPinPolicy {
        pinPolicy == .defaultPolicy ? PIVSlot.defaultPinPolicy(slot) : pinPolicy
    }

    /// The touch policy in force: the default is never.
    var effectiveTouchPolicy: PIVTouchPolicy { touchPolicy == .defaultPolicy ? .never : touchPolicy }
}

/// The durable part of the PIV application: PIN (80) and PUK (81), the card management key
/// (9B), the private keys by slot, and the data objects by tag. Records: "piv-pin-XX",
/// "piv-key-XX" (9B the management key), "piv-object-TAG": a PIN try rewrites a few bytes and
/// a certificate is written once.
struct PIVState: ApplicationState, Equatable {
    static let recordPrefix = "piv-"

    static let defaultPIN = padded("123456")
    static let defaultPUK = padded("12345678")
    static let defaultManagementKey: [UInt8] = Array(1...8) + Array(1...8) + Array(1...8)
    static let pinReference: UInt8 = 0x80
    static let pukReference: UInt8 = 0x81

    var pins: [UInt8: PinObject]
    var managementKey: CardKey
    var managementTouch: PIVTouchPolicy = .never
    var keys: [UInt8: PIVKey] = [:]
    /// Each object as GET DATA returns it: the 53 template (7E for the discovery object).
    var objects: [UInt32: [UInt8]] = [:]

    /// No PINs, no management key material, no keys or objects.
    static let empty = PIVState(
        pins: [:], managementKey: CardKey(reference: PIVSlot.management, kind: .tdes, material: nil))

    /// A card as it leaves the factory, or after the Yubico reset: default PIN, PUK and
    /// management key, no keys but the attestation key, and the objects a PIV card carries.
    static func factory(serial: UInt32, version: [UInt8]) -> PIVState {
        var state = PIVState(
            pins: [:],
            managementKey: CardKey(
                reference: PIVSlot.management, kind: .tdes,
                material: .secret(defaultManagementKey)))
        state.setPinRetries(pin: 3, puk: 3)
        state.objects[PIVObjects.discovery] = PIVObjects.discoveryObject()
        state.objects[PIVObjects.chuid] = PIVObjects.newCHUID()
        state.objects[PIVObjects.ccc] = PIVObjects.newCCC()
        PIVAttestation.provision(&state, serial: serial, version: version)
        return state
    }

    /// PIN and PUK back to their defaults with new try counts (Yubico SET PIN RETRIES).
    mutating func setPinRetries(pin: Int, puk: Int) {
        pins[Self.pinReference] = PinObject(
            reference: Self.pinReference, value: Self.defaultPIN, maxTries: pin,
            minLength: 8, maxLength: 8, resetReference: Self.pukReference)
        pins[Self.pukReference] = PinObject(
            reference: Self.pukReference, value: Self.defaultPUK, maxTries: puk,
            minLength: 8, maxLength: 8)
    }

    /// A PIN as PIV carries it: the characters, padded with FF to eight bytes.
    static func padded(_ pin: String) -> [UInt8] {
        Array(pin.utf8) + [UInt8](repeating: 0xFF, count: max(0, 8 - pin.utf8.count))
    }

    // MARK: Records

    func records() -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for (reference, pin) in pins { out[String(format: "piv-pin-%02x", reference)] = CardState.encode(pin) }
        out[String(format: "piv-key-%02x", PIVSlot.management)] = CardState.encode(
            ManagementKeyRecord(key: managementKey, touch: managementTouch))
        for (slot, key) in keys { out[String(format: "piv-key-%02x", slot)] = CardState.encode(key) }
        for (tag, object) in objects { out[String(format: "piv-object-%06x", tag)] = object }
        return out
    }

    init(records: [String: [UInt8]]) throws(CardError) {
        pins = [:]
        managementKey = CardKey(
            reference: PIVSlot.management, kind: .tdes, material: .secret(Self.defaultManagementKey))
        for (name, bytes) in records {
            let suffix = name.dropFirst(Self.recordPrefix.count)
            if suffix.hasPrefix("pin-") {
                let pin = try CardState.decode(PinObject.self, bytes, name)
                pins[pin.reference] = pin
            } else if suffix == String(format: "key-%02x", PIVSlot.management) {
                let record = try CardState.decode(ManagementKeyRecord.self, bytes, name)
                managementKey = record.key
                managementTouch = record.touch
            } else if suffix.hasPrefix("key-") {
                let key = try CardState.decode(PIVKey.self, bytes, name)
                keys[key.key.reference] = key
            } else if suffix.hasPrefix("object-"), let tag = UInt32(suffix.dropFirst("object-".count), radix: 16) {
                objects[tag] = bytes
            } else {
                throw CardError(
                    "card state record \(name) is not a PIV record this build knows; restore the state folder from a backup or move it away to start a new card"
                )
            }
        }
        guard pins[Self.pinReference] != nil, pins[Self.pukReference] != nil else {
            throw CardError(
                "the PIV records in the card state lack the PIN or PUK; restore the state folder from a backup or move it away to start a new card"
            )
        }
    }

    private init(pins: [UInt8: PinObject], managementKey: CardKey) {
        self.pins = pins
        self.managementKey = managementKey
    }

    private struct ManagementKeyRecord: Codable {
        var key: CardKey
        var touch: PIVTouchPolicy
    }
}

/// What the PIV application knows since power-on: PIN verification, management-key
/// authentication, and a pending witness or challenge of GENERAL AUTHENTICATE.
struct PIVSession: ApplicationSession {
    var verifiedPins: Set<UInt8> = []
    var managementKeyAuthenticated = false
    /// The witness sent encrypted to the host, awaiting its decryption (mutual authentication).
    var witness: [UInt8]?
    /// The challenge sent to the host, awaiting its encryption (external authentication).
    var challenge: [UInt8]?
    /// Set by a successful VERIFY, spent by one use of a key whose PIN policy is "always".
    var pinFreshlyVerified = false
}
