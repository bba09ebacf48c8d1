import Profiles
import TPM2
import TPMClient
import TPMTypes

/// The generic-tpm2 (or another profile's) emulator in this process, spoken to in command bytes as a client would,
/// for response codes no tool provokes (parameter numbers, malformed input).
final class InProcessTPM {
    struct Response {
        var code: UInt32
        var handle: TPMHandle?
        var parameters: [UInt8]
    }

    let engine: TPMEngine

    init(profile name: String = ProfileLoader.defaultTPMName) throws {
        let profile = try ProfileLoader.load(name)
        engine = try TPMEngine(profile: profile)
        try engine.powerOn(deleteVolatile: true)
        let started = send(.startup, parameters: [0x00, 0x00])
        guard started.code == 0 else { throw TestFailure("Startup answered 0x\(String(started.code, radix: 16))") }
    }

    /// Sends one command; `authorized` handles (the first ones) get a password session each.
    func send(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], authorized: Int = 0, password: [UInt8] = [],
        parameters: [UInt8], responseHandle: Bool = false
    ) -> Response {
        let command = Self.command(
            code, handles: handles, authorized: authorized, password: password, parameters: parameters)
        return Self.parse(
            engine.execute(command, locality: 0), responseHandle: responseHandle, sessions: authorized > 0)
    }

    /// Command bytes as a TSS sends them (TPMClient.frame; also for tpm2_send): `authorized`
    /// handles (the first ones) get a password session each.
    static func command(
        _ code: TPMCommandCode, handles: [TPMHandle] = [], authorized: Int = 0, password: [UInt8] = [],
        parameters: [UInt8]
    ) -> [UInt8] {
        TPMClient.frame(
            code, handles: handles, authorizations: Array(repeating: .password(password), count: authorized),
            parameters: parameters)
    }

    /// `bytes` with commandSize set to their length (for commands cut short or padded on purpose).
    static func sized(_ bytes: [UInt8]) -> [UInt8] {
        let size = UInt32(bytes.count)
        return Array(bytes.prefix(2)) + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) }
            + bytes.dropFirst(6)
    }

    private static func parse(_ bytes: [UInt8], responseHandle: Bool, sessions: Bool) -> Response {
        var r = TPMReader(bytes)
        guard let _: UInt16 = try? r.read(), let _: UInt32 = try? r.read(), let code: UInt32 = try? r.read() else {
            return Response(code: .max, handle: nil, parameters: bytes)
        }
        guard code == 0 else { return Response(code: code, handle: nil, parameters: []) }
        let handle: TPMHandle? = responseHandle ? try? r.read() : nil
        if sessions, let size: UInt32 = try? r.read(), let parameters = try? r.readBytes(Int(size)) {
            return Response(code: 0, handle: handle, parameters: parameters)
        }
        return Response(code: 0, handle: handle, parameters: r.readRest())
    }

    /// A primary object from `template` under the owner (or another hierarchy); its handle.
    func createPrimary(
        _ template: TPMPublic, hierarchy: TPMHandle = TPMRH.owner, sensitive: TPMSensitiveCreate = TPMSensitiveCreate()
    ) throws -> TPMHandle {
        let created = try TPMClient(device: engine).call(
            CreatePrimary.self, handles: [hierarchy], .init(inSensitive: sensitive, inPublic: template), passwords: [[]]
        )
        return created.objectHandle
    }

    static let storageTemplate = TPMPublic(
        type: .rsa, nameAlg: .sha256,
        attributes: [.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .restricted, .decrypt, .noDA],
        parameters: .rsa(
            symmetric: TPMSymmetricDefinition(.aes, keyBits: 128, mode: .cfb), scheme: .null, keyBits: 2048, exponent: 0
        ),
        unique: .rsa([]))

    static func eccTemplate(_ attributes: TPMObjectAttributes, scheme: TPMScheme = .null) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: .sha256,
            attributes: attributes.union([.fixedTPM, .fixedParent, .sensitiveDataOrigin, .userWithAuth, .noDA]),
            parameters: .ecc(symmetric: .null, scheme: scheme, curve: .nistP256, kdf: .null),
            unique: .ecc(TPMECCPoint()))
    }
}
