import DeviceStore
import Profiles
import TPMClient
import TPMTypes
import Testing

@testable import TPM2

/// Loaded once: every test engine runs the default profile, as `trustbench serve tpm` does.
let defaultProfile: HardwareProfile = {
    do { return try ProfileLoader.load(ProfileLoader.defaultTPMName) } catch {
        preconditionFailure("the default TPM profile must load: \(error)")
    }
}()

/// A fresh TPM, powered on and (unless asked otherwise) started with Startup(CLEAR). Its
/// state lives in `store`: a second engine opened on the same store is the same TPM after
/// its process restarted.
func makeEngine(
    started: Bool = true, profile: HardwareProfile = defaultProfile,
    store: DeviceStore = MemoryStore()
) throws -> TPMEngine {
    let engine = try TPMEngine(profile: profile, store: store)
    try engine.powerOn(deleteVolatile: true)
    if started {
        let response = engine.execute(Commands.startup(), locality: 0)
        guard Response(response).code == 0 else { throw TestSetupError("Startup failed: \(Response(response).code)") }
    }
    return engine
}

/// Sends one command and returns its response code, checking that an error is the bare
/// 10-byte TPM_ST_NO_SESSIONS header Part 1 §18 prescribes.
func responseCode(_ engine: TPMEngine, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> UInt32 {
    let response = Response(engine.execute(bytes, locality: 0))
    #expect(
        response.isWellFormed(answering: bytes), "malformed response \(response.bytes)", sourceLocation: sourceLocation)
    return response.code
}

/// The same TPM after its process restarted: a new engine on `store`, powered on keeping
/// what Shutdown(STATE) saved, not yet started.
func reopenEngine(store: DeviceStore, profile: HardwareProfile = defaultProfile) throws -> TPMEngine {
    let engine = try TPMEngine(profile: profile, store: store)
    try engine.powerOn(deleteVolatile: false)
    return engine
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One authorization session as a command carries it (TPMS_AUTH_COMMAND, Part 2 §10.13.2).
struct AuthArea {
    var handle: TPMHandle
    var nonce: [UInt8] = []
    var attributes: UInt8 = 0x01
    var hmac: [UInt8] = []

    /// TPM_RS_PW with continueSession and the given password.
    static func password(_ auth: [UInt8] = []) -> AuthArea { AuthArea(handle: TPMRH.password, hmac: auth) }

    var bytes: [UInt8] {
        var w = TPMWriter()
        w.write(handle)
        w.writeSized(nonce)
        w.write(attributes)
        w.writeSized(hmac)
        return w.bytes
    }
}

/// Builds command byte strings the way a TSS does (TPMClient.frame): header, handles,
/// authorization area (tag TPM_ST_SESSIONS when `sessions` is given), then the parameters.
/// An empty `sessions` gives TPM_ST_SESSIONS with an empty area, which no client sends.
func command(
    _ code: TPMCommandCode, handles: [TPMHandle] = [], sessions: [AuthArea]? = nil,
    parameters: [UInt8] = []
) -> [UInt8] {
    if let sessions, sessions.isEmpty {
        var w = TPMWriter()
        w.write(TPMStructureTag.sessions)
        w.write(UInt32(TPMFrame.headerSize + 4 * handles.count + 4 + parameters.count))
        w.write(code)
        for handle in handles { w.write(handle) }
        w.write(UInt32(0))
        w.write(bytes: parameters)
        return w.bytes
    }
    let authorizations = (sessions ?? []).map {
        TPMClient.Authorization.session($0.handle, nonce: $0.nonce, attributes: $0.attributes, hmac: $0.hmac)
    }
    return TPMClient.frame(code, handles: handles, authorizations: authorizations, parameters: parameters)
}

/// The well-formed commands the tests start from.
enum Commands {
    static func startup(_ type: UInt16 = 0) -> [UInt8] { command(.startup, parameters: be16(type)) }

    static func getRandom(_ count: UInt16) -> [UInt8] {
        command(.getRandom, parameters: GetRandom.Parameters(bytesRequested: count).marshalled)
    }

    static func pcrRead(_ selection: TPMPCRSelectionList) -> [UInt8] {
        command(.pcrRead, parameters: selection.marshalled)
    }

    /// TPM_CAP_TPM_PROPERTIES from TPM_PT_FIXED (Part 2 §6.13).
    static func getCapability(_ capability: UInt32 = 6, property: UInt32 = 0x100, count: UInt32 = 8) -> [UInt8] {
        command(.getCapability, parameters: be32(capability) + be32(property) + be32(count))
    }

    static func hash(_ data: [UInt8], alg: TPMAlgorithm = .sha256, hierarchy: TPMHandle = TPMRH.owner) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(data)
        w.write(alg)
        w.write(hierarchy)
        return command(.hash, parameters: w.bytes)
    }

    /// An unbound, unsalted HMAC session with AES-128-CFB parameter encryption.
    static func startAuthSession(
        nonce: [UInt8] = [UInt8](repeating: 0x5A, count: 32), type: UInt8 = 0,
        symmetric: TPMSymmetricDefinition = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb),
        authHash: TPMAlgorithm = .sha256, tpmKey: TPMHandle = TPMRH.null,
        bind: TPMHandle = TPMRH.null
    ) -> [UInt8] {
        var w = TPMWriter()
        w.writeSized(nonce)
        w.writeSized([])
        w.write(type)
        w.write(symmetric)
        w.write(authHash)
        return command(.startAuthSession, handles: [tpmKey, bind], parameters: w.bytes)
    }

    static func createPrimary(
        _ template: TPMPublic, hierarchy: TPMHandle = TPMRH.owner,
        sensitive: TPMSensitiveCreate = TPMSensitiveCreate(),
        session: AuthArea = .password()
    ) -> [UInt8] {
        command(
            .createPrimary, handles: [hierarchy], sessions: [session],
            parameters: createPrimaryParameters(template, sensitive: sensitive))
    }

    /// inSensitive, inPublic, outsideInfo (empty) and creationPCR (none).
    static func createPrimaryParameters(_ template: TPMPublic, sensitive: TPMSensitiveCreate = TPMSensitiveCreate())
        -> [UInt8]
    {
        TPMCreateParameters(inSensitive: sensitive, inPublic: template).marshalled
    }

    static func flushContext(_ handle: TPMHandle) -> [UInt8] {
        command(.flushContext, parameters: FlushContext.Parameters(handle).marshalled)
    }

    static func readPublic(_ handle: TPMHandle) -> [UInt8] { command(.readPublic, handles: [handle]) }
}

/// Object templates used across the tests.
enum Templates {
    /// What `tpm2_createprimary -C o` sends by default: an RSA-2048 storage key, AES-128-CFB.
    static let rsaStorage = TPMPublic(
        type: .rsa, nameAlg: .sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt],
        parameters: .rsa(
            symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb), scheme: .null, keyBits: 2048, exponent: 0
        ),
        unique: .rsa([]))

    /// An unrestricted NIST P-256 ECDSA signing key: cheap to derive, so the fuzzer may make many.
    static let eccSigning = TPMPublic(
        type: .ecc, nameAlg: .sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .sign],
        parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
        unique: .ecc(TPMECCPoint()))
}

/// A response split into its header fields (Part 3 §6: tag, responseSize, responseCode).
struct Response {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var tag: UInt16 { bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 0 }
    var size: UInt32 { bytes.count >= 6 ? bytes[2..<6].reduce(0) { $0 << 8 | UInt32($1) } : 0 }
    var code: UInt32 { bytes.count >= 10 ? bytes[6..<10].reduce(0) { $0 << 8 | UInt32($1) } : 0xFFFF_FFFF }
    /// Everything after the 10-byte header.
    var body: [UInt8] { Array(bytes.dropFirst(10)) }

    /// The handle a command such as CreatePrimary or StartAuthSession returns first.
    var handle: TPMHandle? {
        guard code == 0, bytes.count >= 14 else { return nil }
        return bytes[10..<14].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// An error response is exactly a TPM_ST_NO_SESSIONS header (Part 3 §5.9 and §6.1); a success
    /// carries the command's tag, a consistent size and, for TPM_ST_SESSIONS, a
    /// parameterSize (after the response handle, if the command returns one) that fits.
    func isWellFormed(answering command: [UInt8]) -> Bool {
        guard bytes.count >= 10, size == UInt32(bytes.count) else { return false }
        if code != 0 {
            return bytes.count == 10 && tag == TPMStructureTag.noSessions && isPlausibleCode(code)
        }
        guard command.count >= 10, tag == UInt16(command[0]) << 8 | UInt16(command[1]) else { return false }
        if tag == TPMStructureTag.sessions {
            let code = TPMCommandCode(rawValue: command[6..<10].reduce(0) { $0 << 8 | UInt32($1) })
            let hasResponseHandle = CommandTable.entries[code]?.hasResponseHandle ?? false
            let offset = 10 + (hasResponseHandle ? 4 : 0)
            guard bytes.count >= offset + 4 else { return false }
            let parameterSize = Int(bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            return offset + 4 + parameterSize <= bytes.count
        }
        return true
    }
}

/// A TPM_RC in one of Part 2 §6.6's shapes: format one (bit 7), a version-1 or warning
/// format-zero code (bit 8), or TPM_RC_BAD_TAG.
func isPlausibleCode(_ code: UInt32) -> Bool {
    guard code < 0x1000 else { return false }
    return code & 0x080 != 0 || code & 0x100 != 0 || code == TPMResponseCode.badTag.rawValue
}

func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
func be32(_ value: UInt32) -> [UInt8] { value.bigEndianBytes }

/// SplitMix64: a small seeded generator, so every fuzz case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
