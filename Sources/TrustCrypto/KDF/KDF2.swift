extension KDF {
    /// The counter-mode hash KDF of ANSI X9.63 / ISO 18033-2 KDF2 (TPM_ALG_KDF2), which is also the
    /// KDF of GM/T 0003.4 §5.4.3: block i (counter from 1, big-endian UINT32) is Hash(seed ‖ i).
    /// TPM2_ECC_Encrypt masks its data with it (ms-tpm-20-ref CryptMGF_KDF).
    /// - Parameters:
    ///   - alg: the hash algorithm of each block.
    ///   - seed: the shared secret the mask comes from (for SM2 and TPM2_ECC_Encrypt, x2 ‖ y2).
    ///   - count: the number of bytes to produce; none for 0 or less.
    /// - Returns: the first `count` bytes of the block stream.
    public static func kdf2(_ alg: HashAlgorithm, seed: [UInt8], bytes count: Int) throws(CryptoError) -> [UInt8] {
        guard count > 0 else { return [] }
        var stream: [UInt8] = []
        stream.reserveCapacity(count + alg.digestSize)
        var counter: UInt32 = 1
        while stream.count < count {
            stream += try Hash.digest(alg, [seed, bigEndian(counter)])
            counter &+= 1
        }
        return Array(stream.prefix(count))
    }
}
