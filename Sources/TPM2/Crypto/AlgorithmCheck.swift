import TPMTypes
import TrustCrypto

/// The start-up check that every algorithm the engine may be asked for works in this
/// process's libcrypto: the hashes, curves and ciphers (in each listed mode) of the profile,
/// and what the engine itself needs (SHA-256 for contexts and tickets, HMAC for sessions,
/// AES-256 for the DRBG). A profile naming something missing stops the engine with one
/// sentence naming all of it, rather than failing a client's command later (EngineCrypto).
struct AlgorithmCheck: Sendable {
    var hash: @Sendable (HashAlgorithm) -> Bool = CryptoSupport.isAvailable
    var curve: @Sendable (ECCCurve) -> Bool = CryptoSupport.isAvailable
    var cipher: @Sendable (SymmetricAlgorithm, SymmetricMode) -> Bool = CryptoSupport.isAvailable
    var hmac: Bool = CryptoSupport.hasHMAC
    var cmac: Bool = CryptoSupport.hasCMAC
    var libraryVersion: String = CryptoSupport.libraryVersion

    /// The libcrypto of this process.
    static let system = AlgorithmCheck()

    /// Checks `algorithms` and `curves` (with the names the profile gave them); a sentence
    /// naming what is missing, or nil.
    func missing(algorithms: [(name: String, algorithm: TPMAlgorithm)], curves: [(name: String, curve: TPMECCCurve)])
        -> String?
    {
        var engineNeeds: [String] = []
        if !hash(.sha256) { engineNeeds.append("SHA-256") }
        if !hmac { engineNeeds.append("HMAC") }
        if !cipher(.aes, .ecb) { engineNeeds.append("AES-ECB") }
        if !engineNeeds.isEmpty {
            return
                "this libcrypto (\(libraryVersion)) lacks \(Self.list(engineNeeds)), which every TPM needs; install an OpenSSL 3 libcrypto with its default provider"
        }
        let modes = algorithms.compactMap { $0.algorithm.symmetricMode }
        var lacking: [String] = []
        for (name, algorithm) in algorithms {
            if let digest = algorithm.hashAlgorithm, !hash(digest) { lacking.append(name) }
            if let symmetric = algorithm.symmetricAlgorithm {
                // CFB is always needed: parameter encryption runs in it (Part 1 §21.3).
                let unusable = Set(modes + [.cfb]).filter { !cipher(symmetric, $0) }
                if !unusable.isEmpty {
                    let modeNames = SymmetricMode.allCases.filter(unusable.contains).map { "\($0)".uppercased() }
                    lacking.append("\(name) (\(modeNames.joined(separator: ", ")))")
                }
            }
            if algorithm == .cmac && !cmac { lacking.append(name) }
        }
        for (name, tpmCurve) in curves {
            guard let curve = tpmCurve.curve else { continue }
            if !self.curve(curve) { lacking.append(name) }
        }
        guard !lacking.isEmpty else { return nil }
        return
            "it lists \(Self.list(lacking)), which this libcrypto (\(libraryVersion)) does not provide; use a libcrypto built with them, or a profile without them"
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
