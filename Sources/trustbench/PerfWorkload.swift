import TPM2
import TPMClient
import TPMTypes

/// The raw command streams `trustbench perf` sends. Every target gets byte-identical
/// commands, built here once with the engine's own marshalling, so the comparison measures
/// the TPMs and not the clients.
struct PerfOperation {
    let name: String
    let iterations: Int
    /// Builds the command of iteration `i`, given the handle made by setup (if any).
    let command: (_ iteration: Int, _ key: TPMHandle?) -> [UInt8]
    /// Whether the response carries an object handle to flush after each iteration.
    let flushesResponseHandle: Bool
    /// Whether the operation needs a signing key, created before timing starts and passed
    /// to `command` as its handle.
    let needsSigningKey: Bool
}

enum PerfWorkload {
    static func operations(iterations: Int) -> [PerfOperation] {
        let slow = max(3, iterations / 40)
        return [
            PerfOperation(
                name: "GetRandom 32 bytes", iterations: iterations,
                command: { _, _ in getRandom(32) }, flushesResponseHandle: false, needsSigningKey: false),
            PerfOperation(
                name: "PCR_Extend sha256 (PCR 16)", iterations: iterations,
                command: { i, _ in pcrExtend(pcr: 16, digest: counterBytes(i, size: 32)) },
                flushesResponseHandle: false, needsSigningKey: false),
            PerfOperation(
                name: "Hash sha256, 1 KiB", iterations: iterations,
                command: { i, _ in hash(counterBytes(i, size: 1024)) }, flushesResponseHandle: false,
                needsSigningKey: false),
            PerfOperation(
                name: "CreatePrimary ECC P-256 + Flush", iterations: max(5, iterations / 4),
                command: { i, _ in createPrimary(eccTemplate(unique: counterBytes(i, size: 32))) },
                flushesResponseHandle: true, needsSigningKey: false),
            PerfOperation(
                name: "CreatePrimary RSA-2048 cold + Flush", iterations: slow,
                command: { i, _ in createPrimary(rsaTemplate(unique: counterBytes(i &+ 0x5EED, size: 256))) },
                flushesResponseHandle: true, needsSigningKey: false),
            PerfOperation(
                name: "CreatePrimary RSA-2048 repeated + Flush", iterations: max(5, iterations / 4),
                command: { _, _ in createPrimary(rsaTemplate(unique: [])) }, flushesResponseHandle: true,
                needsSigningKey: false),
            PerfOperation(
                name: "Sign ECDSA P-256", iterations: iterations,
                command: { i, key in sign(key: key ?? 0, digest: counterBytes(i, size: 32)) },
                flushesResponseHandle: false, needsSigningKey: true),
        ]
    }

    // MARK: Commands

    static func startup() -> [UInt8] { TPMClient.frame(Startup.self, .init(.clear)) }

    static func getRandom(_ count: UInt16) -> [UInt8] { TPMClient.frame(GetRandom.self, .init(bytesRequested: count)) }

    static func pcrExtend(pcr: UInt32, digest: [UInt8]) -> [UInt8] {
        TPMClient.frame(
            PCR_Extend.self, handles: [pcr], .init(digests: TPMDigestValues([(.sha256, digest)])),
            authorizations: [.session(TPMRH.password)])
    }

    static func hash(_ data: [UInt8]) -> [UInt8] {
        TPMClient.frame(HashCommand.self, .init(data: data, hashAlg: .sha256, hierarchy: TPMRH.owner))
    }

    static func createPrimary(_ template: TPMPublic) -> [UInt8] {
        TPMClient.frame(
            CreatePrimary.self, handles: [TPMRH.owner], .init(inPublic: template),
            authorizations: [.session(TPMRH.password)])
    }

    static func flush(_ handle: TPMHandle) -> [UInt8] { TPMClient.frame(FlushContext.self, .init(handle)) }

    static func sign(key: TPMHandle, digest: [UInt8]) -> [UInt8] {
        TPMClient.frame(
            Sign.self, handles: [key],
            .init(digest: digest, inScheme: .null, validation: .null(TPMStructureTag.hashcheck)),
            authorizations: [.session(TPMRH.password)])
    }

    /// An unrestricted ECDSA-SHA256 signing key on P-256; `unique` varies the derivation.
    static func eccTemplate(unique: [UInt8]) -> TPMPublic {
        TPMPublic(
            type: .ecc, nameAlg: .sha256, attributes: signingAttributes,
            parameters: .ecc(symmetric: .null, scheme: TPMScheme(.ecdsa, hash: .sha256), curve: .nistP256, kdf: .null),
            unique: .ecc(TPMECCPoint(x: unique, y: [])))
    }

    static func rsaTemplate(unique: [UInt8]) -> TPMPublic {
        TPMPublic(
            type: .rsa, nameAlg: .sha256, attributes: signingAttributes,
            parameters: .rsa(symmetric: .null, scheme: .null, keyBits: 2048, exponent: 0), unique: .rsa(unique))
    }

    /// fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | sign.
    static let signingAttributes = TPMObjectAttributes(rawValue: 0x0004_0072)

    /// `size` bytes that differ for every iteration (so nothing can be served from a cache).
    static func counterBytes(_ i: Int, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: (i &* 131) >> (8 * ($0 % 8)) &+ $0) }
    }
}
