/// SP 800-90A §10.2.1 CTR_DRBG over AES-256 without a derivation function, the construction the
/// TPM reference uses for its DRBG (ms-tpm-20-ref CryptRand.c): seed length 48 bytes (a 32-byte
/// key plus a 16-byte V), the whole 128-bit V incremented as the counter, no prediction resistance.
///
/// Entropy is supplied by the caller (the TPM's entropy source, or a fixed value for reproducible
/// runs), so the same inputs always produce the same output. The reseed interval is the caller's
/// to enforce; `reseedCounter` reports requests since the last (re)seed.
/// Not thread-safe: each DRBG belongs to one TPM instance.
public final class CTRDRBG {
    /// seedlen for AES-256 without a derivation function (SP 800-90A Table 3).
    public static let seedLength = 48
    private static let keyLength = 32
    private static let blockLength = 16

    private var key: [UInt8]
    private var v: [UInt8]
    private let block: BlockEncryptor
    /// Generate requests since instantiation or the last reseed, counting from 1 as the spec does.
    public private(set) var reseedCounter: UInt64

    /// Instantiate (§10.2.1.3.1): seed_material = entropy ⊕ (personalization ‖ 0…), then Update from a
    /// zero key and V. `entropy` must be exactly 48 bytes; `personalization` at most 48.
    /// - Parameters:
    ///   - entropy: the entropy input, exactly `seedLength` (48) bytes.
    ///   - personalization: the personalization string, at most 48 bytes; empty when omitted.
    public init(entropy: [UInt8], personalization: [UInt8] = []) throws(CryptoError) {
        let seed = try Self.seedMaterial(entropy: entropy, extra: personalization)
        block = try BlockEncryptor(.aes, keyBytes: Self.keyLength)
        key = [UInt8](repeating: 0, count: Self.keyLength)
        v = [UInt8](repeating: 0, count: Self.blockLength)
        reseedCounter = 1
        update(seed)
    }

    /// Reseed (§10.2.1.4.1): seed_material = entropy ⊕ (additional ‖ 0…); Update; counter back to 1.
    /// - Parameters:
    ///   - entropy: fresh entropy input, exactly `seedLength` (48) bytes.
    ///   - additional: the additional input, at most 48 bytes; empty when omitted.
    public func reseed(entropy: [UInt8], additional: [UInt8] = []) throws(CryptoError) {
        let seed = try Self.seedMaterial(entropy: entropy, extra: additional)
        update(seed)
        reseedCounter = 1
    }

    /// Generate (§10.2.1.5.1) without additional input: `count` bytes (none for `count <= 0`).
    /// - Parameter count: the number of bytes requested.
    /// - Returns: `count` pseudorandom bytes (empty for `count <= 0`).
    public func generate(_ count: Int) -> [UInt8] {
        produce(count, additional: nil)
    }

    /// Generate with additional input, which is zero-padded to 48 bytes and mixed in before and
    /// after the output as the spec requires. Without a derivation function the spec caps it at the
    /// seed length, so more than 48 bytes throws `.invalidInput`; condense longer data first.
    /// - Parameters:
    ///   - count: the number of bytes requested.
    ///   - additional: the additional input, at most 48 bytes; empty is the same as none.
    /// - Returns: `count` pseudorandom bytes (empty for `count <= 0`).
    public func generate(_ count: Int, additional: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard additional.count <= Self.seedLength else {
            throw .invalidInput(
                "CTR_DRBG additional input is at most \(Self.seedLength) bytes; got \(additional.count)")
        }
        return produce(count, additional: additional.isEmpty ? nil : Self.padded(additional))
    }

    /// Key and V, exposed to the module so known-answer tests can check the internal state SP 800-90A
    /// vectors publish.
    var workingState: (key: [UInt8], v: [UInt8]) { (key, v) }

    private func produce(_ count: Int, additional: [UInt8]?) -> [UInt8] {
        if let additional { update(additional) }
        var output: [UInt8] = []
        if count > 0 {
            let blocks = (count + Self.blockLength - 1) / Self.blockLength
            output = Array(block.encrypt(counterBlocks(blocks), key: key).prefix(count))
        }
        update(additional ?? [UInt8](repeating: 0, count: Self.seedLength))
        reseedCounter += 1
        return output
    }

    /// CTR_DRBG_Update (§10.2.1.2): three blocks of E(Key, V+i), XOR provided_data, split into Key ‖ V.
    private func update(_ provided: [UInt8]) {
        let blocks = Self.seedLength / Self.blockLength
        var temp = block.encrypt(counterBlocks(blocks), key: key)
        for index in temp.indices { temp[index] ^= provided[index] }
        key = Array(temp[0..<Self.keyLength])
        v = Array(temp[Self.keyLength..<Self.seedLength])
    }

    /// V+1, V+2, ... V+n, advancing V to V+n (V is a 128-bit big-endian counter, wrapping mod 2^128).
    private func counterBlocks(_ n: Int) -> [UInt8] {
        var blocks: [UInt8] = []
        blocks.reserveCapacity(n * Self.blockLength)
        for _ in 0..<n {
            Self.increment(&v)
            blocks += v
        }
        return blocks
    }

    private static func increment(_ counter: inout [UInt8]) {
        for index in counter.indices.reversed() {
            counter[index] &+= 1
            if counter[index] != 0 { return }
        }
    }

    private static func seedMaterial(entropy: [UInt8], extra: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard entropy.count == seedLength else { throw .wrongInputSize(expected: seedLength, got: entropy.count) }
        guard extra.count <= seedLength else {
            throw .invalidInput(
                "CTR_DRBG personalization or additional input is at most \(seedLength) bytes; got \(extra.count)")
        }
        let pad = padded(extra)
        return zip(entropy, pad).map { $0 ^ $1 }
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: seedLength - bytes.count)
    }
}
