import TPMTypes
import Testing
import TrustCrypto

@testable import TPM2

/// The caller's half of an unsalted SHA-256 session with AES-128-CFB parameter encryption,
/// computed from Part 1's formulas with TrustCrypto's primitives (not the engine's session
/// code), so tests can check which keys the TPM uses for HMACs and parameter encryption.
final class ClientSession {
    let handle: TPMHandle
    /// KDFa(bindAuth, "ATH", nonceTPM, nonceCaller) for a bound session; empty otherwise.
    let sessionKey: [UInt8]
    private(set) var nonceCaller: [UInt8]
    private(set) var nonceTPM: [UInt8]

    /// Starts an HMAC (`type` 0) or policy (1) session, bound to `bind` whose authValue is
    /// `bindAuth` when `bind` is not TPM_RH_NULL; `symmetric` NULL makes a session that cannot
    /// encrypt.
    init(
        _ engine: TPMEngine, type: UInt8, bind: TPMHandle = TPMRH.null, bindAuth: [UInt8] = [],
        symmetric: TPMSymmetricDefinition = TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb)
    ) throws {
        let nonce = Self.freshNonce()
        let started = Commands.startAuthSession(nonce: nonce, type: type, symmetric: symmetric, bind: bind)
        let response = Response(engine.execute(started, locality: 0))
        guard let handle = response.handle else {
            throw TestSetupError("StartAuthSession failed: 0x\(String(response.code, radix: 16))")
        }
        var reader = TPMReader(Array(response.body.dropFirst(4)))
        self.handle = handle
        nonceCaller = nonce
        nonceTPM = try reader.readSized(max: 64)
        sessionKey =
            bind == TPMRH.null
            ? []
            : try KDF.kdfa(
                .sha256, key: Self.trimmed(bindAuth), label: "ATH",
                contextU: nonceTPM, contextV: nonce, bits: 256)
    }

    /// An authValue as it joins a key: without trailing zeros (Part 1, HMAC key).
    static func trimmed(_ auth: [UInt8]) -> [UInt8] {
        Array(auth.prefix(through: auth.lastIndex(where: { $0 != 0 }) ?? -1))
    }

    private static func freshNonce() -> [UInt8] { (0..<16).map { _ in UInt8.random(in: 0...255) } }

    /// Takes a new nonceCaller for the next command and returns it.
    @discardableResult
    func rollNonce() -> [UInt8] {
        nonceCaller = Self.freshNonce()
        return nonceCaller
    }

    /// The session's area for a command whose nonceCaller `rollNonce` just chose: with an
    /// HMAC keyed by sessionKey ‖ `authValue` over cpHash ‖ nonceCaller ‖ nonceTPM ‖
    /// attributes, or (`hmac` false, a policy session needing no authValue) none.
    func area(
        _ code: TPMCommandCode, names: [[UInt8]], parameters: [UInt8], attributes: UInt8,
        authValue: [UInt8] = [], hmac: Bool = true
    ) throws -> AuthArea {
        var area = AuthArea(handle: handle, nonce: nonceCaller, attributes: attributes)
        if hmac {
            let cpHash = try Hash.digest(.sha256, be32(code.rawValue) + names.joined() + parameters)
            area.hmac = try HMAC.authenticationCode(
                .sha256, key: sessionKey + Self.trimmed(authValue),
                data: cpHash + nonceCaller + nonceTPM + [attributes])
        }
        return area
    }

    /// AES-128-CFB over `data` keyed by KDFa(sessionKey ‖ authValue, "CFB", nonceNewer,
    /// nonceOlder): a command's first parameter (newer = nonceCaller) or a response's (newer = nonceTPM).
    func cfb(_ data: [UInt8], authValue: [UInt8], nonceNewer: [UInt8], nonceOlder: [UInt8], encrypt: Bool) throws
        -> [UInt8]
    {
        let stream = try KDF.kdfa(
            .sha256, key: sessionKey + Self.trimmed(authValue), label: "CFB",
            contextU: nonceNewer, contextV: nonceOlder, bits: 256)
        let key = Array(stream.prefix(16))
        let iv = Array(stream.suffix(16))
        return encrypt
            ? try SymmetricCipher.encrypt(.aes, mode: .cfb, key: key, iv: iv, data: data).output
            : try SymmetricCipher.decrypt(.aes, mode: .cfb, key: key, iv: iv, data: data).output
    }

    /// This session's part of a successful response without a response handle, the
    /// session at `position` in its area: takes its nonceTPM and says whether its HMAC is
    /// the one keyed by sessionKey ‖ `authValue` over rpHash ‖ nonceTPM ‖ nonceCaller ‖ attributes.
    func acceptResponse(
        _ response: Response, _ code: TPMCommandCode, position: Int = 0,
        authValue: [UInt8]
    ) throws -> (hmacMatches: Bool, parameters: [UInt8]) {
        var reader = TPMReader(response.body)
        let parameters = try reader.readBytes(Int(try reader.read(UInt32.self)))
        var mine: (nonce: [UInt8], attributes: UInt8, hmac: [UInt8]) = ([], 0, [])
        for _ in 0...position {
            mine = (try reader.readSized(max: 64), try reader.read(UInt8.self), try reader.readSized(max: 64))
        }
        nonceTPM = mine.nonce
        let rpHash = try Hash.digest(.sha256, be32(0) + be32(code.rawValue) + parameters)
        let key = sessionKey + Self.trimmed(authValue)
        let expected = try HMAC.authenticationCode(
            .sha256, key: key, data: rpHash + nonceTPM + nonceCaller + [mine.attributes])
        return (mine.hmac == expected, parameters)
    }
}
