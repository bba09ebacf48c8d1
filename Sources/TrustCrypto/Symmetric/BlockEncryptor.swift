/// The bare block function E(key, block) applied to whole blocks (ECB, no padding): the primitive
/// SP 800-90A's CTR_DRBG is specified over. One keyed context, reused across calls.
final class BlockEncryptor {
    private let context = CipherContext()
    private let cipher: OpaquePointer
    private let blockSize: Int

    init(_ algorithm: SymmetricAlgorithm, keyBytes: Int) throws(CryptoError) {
        guard algorithm.keySizes.contains(keyBytes) else {
            throw .invalidKey("\(algorithm) has no \(keyBytes)-byte key size")
        }
        cipher = try CipherTable.cipher(algorithm, keyBytes: keyBytes, mode: .ecb)
        blockSize = algorithm.blockSize
    }

    /// E(key, ·) over `blocks`, whose length the caller keeps a multiple of the block size and the
    /// key a size given at init; under those conditions only an allocation failure can stop OpenSSL.
    func encrypt(_ blocks: [UInt8], key: [UInt8]) -> [UInt8] {
        precondition(blocks.count % blockSize == 0, "BlockEncryptor takes whole blocks")
        do {
            try context.start(cipher, key: key, iv: nil, encrypt: true)
            return try context.process(blocks)
        } catch {
            fatalError("block encryption failed: \(error)")
        }
    }
}
