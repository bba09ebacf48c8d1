/// The durable part of the OpenPGP application, split into records so that what changes often
/// rewrites little: "openpgp-pins" (PW1, PW3 and the resetting code with their try counters:
/// every VERIFY), "openpgp-counter" (the signature counter: every signature), "openpgp-data"
/// (cardholder and private-use DOs, the PW1 policy, the life cycle) and "openpgp-keys" (the
/// three keys with their attributes, fingerprints and dates). JSON with sorted keys, arrays in a
/// fixed order, so the same state is the same bytes.
struct OpenPGPState: ApplicationState, Equatable {
    static let recordPrefix = "openpgp-"
    static let pinsRecord = recordPrefix + "pins"
    static let counterRecord = recordPrefix + "counter"
    static let dataRecord = recordPrefix + "data"
    static let keysRecord = recordPrefix + "keys"

    var pins: [UInt8: PinObject]
    var data = OpenPGPDataObjects()
    /// Indexed by `OpenPGPKeyRole.index`: signature, decryption, authentication.
    var keys: [OpenPGPKey]
    /// The digital signature counter (DO 93), three bytes on the wire.
    var signatureCount: UInt32 = 0

    /// A new application as the spec's factory state (§4.3): PW1 "123456", PW3 "12345678",
    /// three tries each, no resetting code, RSA 2048 for every key and no key material.
    init() {
        var resettingCode = PinObject(
            reference: OpenPGPPassword.resettingCode, value: [], maxTries: 3,
            minLength: 8, maxLength: OpenPGPPassword.maxLength)
        resettingCode.remainingTries = 0
        pins = [
            OpenPGPPassword.pw1: PinObject(
                reference: OpenPGPPassword.pw1, value: Array("123456".utf8), maxTries: 3, minLength: 6,
                maxLength: OpenPGPPassword.maxLength, resetReference: OpenPGPPassword.resettingCode),
            OpenPGPPassword.pw3: PinObject(
                reference: OpenPGPPassword.pw3, value: Array("12345678".utf8), maxTries: 3, minLength: 8,
                maxLength: OpenPGPPassword.maxLength),
            OpenPGPPassword.resettingCode: resettingCode,
        ]
        keys = OpenPGPKeyRole.allCases.map(OpenPGPKey.init(role:))
    }

    /// Missing records keep their factory values (a card personalized before this build).
    init(records: [String: [UInt8]]) throws(CardError) {
        self.init()
        if let bytes = records[Self.pinsRecord] {
            let list = try CardState.decode([PinObject].self, bytes, Self.pinsRecord)
            pins = Dictionary(list.map { ($0.reference, $0) }, uniquingKeysWith: { _, last in last })
        }
        guard [OpenPGPPassword.pw1, OpenPGPPassword.pw3].allSatisfy({ pins[$0] != nil }) else {
            throw Self.damaged(Self.pinsRecord, "lacks PW1 or PW3")
        }
        if let bytes = records[Self.counterRecord] {
            signatureCount = try CardState.decode(UInt32.self, bytes, Self.counterRecord)
            guard signatureCount <= Self.maxSignatureCount else {
                throw Self.damaged(Self.counterRecord, "holds a counter above 3 bytes")
            }
        }
        if let bytes = records[Self.dataRecord] {
            data = try CardState.decode(OpenPGPDataObjects.self, bytes, Self.dataRecord)
            guard data.privateUse.count == 4, data.certificates.count == 3 else {
                throw Self.damaged(Self.dataRecord, "does not hold four private use DOs and three certificates")
            }
        }
        if let bytes = records[Self.keysRecord] {
            let list = try CardState.decode([OpenPGPKey].self, bytes, Self.keysRecord)
            guard list.map(\.role) == OpenPGPKeyRole.allCases else {
                throw Self.damaged(Self.keysRecord, "does not hold the three OpenPGP keys in order")
            }
            keys = list
        }
    }

    /// The signature counter DO (93) has three bytes; it stops there.
    static let maxSignatureCount: UInt32 = 0xFF_FFFF

    private static func damaged(_ record: String, _ what: String) -> CardError {
        CardError(
            "card state record \(record) \(what); restore the state folder from a backup or move it away to start a new card"
        )
    }

    func records() -> [String: [UInt8]] {
        [
            Self.pinsRecord: CardState.encode(pins.values.sorted { $0.reference < $1.reference }),
            Self.counterRecord: CardState.encode(signatureCount),
            Self.dataRecord: CardState.encode(data),
            Self.keysRecord: CardState.encode(keys),
        ]
    }

    subscript(role: OpenPGPKeyRole) -> OpenPGPKey {
        get { keys[role.index] }
        set { keys[role.index] = newValue }
    }
}

/// The DOs the cardholder and issuer write (§4.4.1): values as the host sent them.
struct OpenPGPDataObjects: Codable, Equatable {
    var name: [UInt8] = []
    var language: [UInt8] = []
    var sex: [UInt8] = [0x39]
    var url: [UInt8] = []
    var login: [UInt8] = []
    /// Private-use DOs 0101–0104.
    var privateUse: [[UInt8]] = [[], [], [], []]
    /// Cardholder certificates 7F21 for the authentication, decryption and signature keys, in
    /// SELECT DATA's occurrence order.
    var certificates: [[UInt8]] = [[], [], []]
    /// C4's first byte: PW1 stays valid after a signature (01) or is spent by it (00).
    var pw1ValidForSeveralSignatures = false
    /// After TERMINATE DF until ACTIVATE FILE (§7.2.16): only SELECT and ACTIVATE are answered.
    var terminated = false
}

/// The references VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER use (§7.2.2–7.2.4).
/// PW1 is one password with two verification states: 81 for signatures, 82 for the other
/// private-key operations and the DOs it guards. The resetting code has no reference on the
/// wire; 84 keeps it apart from both.
enum OpenPGPPassword {
    static let pw1: UInt8 = 0x81
    static let pw1Other: UInt8 = 0x82
    static let pw3: UInt8 = 0x83
    static let resettingCode: UInt8 = 0x84
    /// The longest password C4 admits (127, format 1: UTF-8 as sent).
    static let maxLength = 127
}

/// Volatile state since power-on: which passwords are verified and the key swaps MANAGE
/// SECURITY ENVIRONMENT made.
struct OpenPGPSession: ApplicationSession {
    var verified: Set<UInt8> = []
    /// The key PSO:DECIPHER uses (MSE B8: decryption or authentication key).
    var decipherKey = OpenPGPKeyRole.decryption
    /// The key INTERNAL AUTHENTICATE uses (MSE A4: authentication or decryption key).
    var authenticationKey = OpenPGPKeyRole.authentication
    /// The occurrence of 7F21 SELECT DATA chose (0–2).
    var certificate = 0
}

extension PinDirectory {
    /// The OpenPGP application's passwords, with its own verification status.
    static let openPGP = PinDirectory(pins: \.openPGPPins, verified: \.openPGP.verified)
}

extension CardState {
    /// The OpenPGP passwords, for its PinDirectory; none before OpenPGP is personalized.
    var openPGPPins: [UInt8: PinObject] {
        get { self[OpenPGPState.self]?.pins ?? [:] }
        set { self[OpenPGPState.self]?.pins = newValue }
    }
}

extension CardSession {
    var openPGP: OpenPGPSession {
        get { self[OpenPGPSession.self] }
        set { self[OpenPGPSession.self] = newValue }
    }
}

extension CardOS {
    /// The application's durable state (personalized when the card opened).
    var openPGP: OpenPGPState {
        get { state[OpenPGPState.self] ?? OpenPGPState() }
        set { state[OpenPGPState.self] = newValue }
    }

    /// 6982 unless `reference` (81, 82 or 83) is verified since power-on.
    func requireOpenPGP(_ reference: UInt8) throws(StatusWord) {
        guard session.openPGP.verified.contains(reference) else { throw .securityStatusNotSatisfied }
    }

    /// The key of `role` (CardOS.loadedKey builds it once per material); 6A88 when the card
    /// holds none.
    func openPGPKey(_ role: OpenPGPKeyRole) throws(StatusWord) -> LoadedKey {
        let slot = openPGP[role]
        guard let material = slot.material, let kind = slot.kind else { throw .referencedDataNotFound }
        return try loadedKey(material, kind: kind)
    }

    /// Stores new key material for `role`: its origin, and no fingerprint or date until the host
    /// writes them; a new signature key restarts the signature counter (§4.4.1, DO 93).
    func installOpenPGPKey(
        _ material: CardKey.Material, _ key: LoadedKey, for role: OpenPGPKeyRole, origin: OpenPGPKey.Origin
    ) {
        var slot = openPGP[role]
        slot.material = material
        slot.origin = origin
        slot.fingerprint = OpenPGPKey.noFingerprint
        slot.generationTime = OpenPGPKey.noTime
        openPGP[role] = slot
        if role == .signature { openPGP.signatureCount = 0 }
        if let kind = slot.kind { remember(key, for: material, kind: kind) }
    }
}
