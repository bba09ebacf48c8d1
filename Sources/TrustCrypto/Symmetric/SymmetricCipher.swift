/// TPM2_EncryptDecrypt (Part 3 §15.2) and the symmetric protection of sensitive areas (Part 1 §11.4.6).
public enum SymmetricCipher {
    /// Encrypts in one call with chaining exactly as TPM2_EncryptDecrypt defines it: CFB is full-block
    /// CFB-128; CTR increments the whole IV block as a big-endian counter. No padding in any mode.
    ///
    /// Returns the output and the chaining value `ivOut` to continue with:
    /// - CBC: the last ciphertext block.
    /// - CFB: the last full ciphertext block; after a trailing partial block, the partially used
    ///   keystream block with the produced ciphertext bytes substituted at the front. This is what
    ///   libtpms (swtpm) returns; ms-tpm-20-ref instead zero-fills the unused tail (CryptSym.c).
    /// - OFB: the last keystream block. CTR: the next counter value. ECB: `iv` unchanged.
    ///
    /// Throws `.invalidKey` for a key length the algorithm lacks (AES and Camellia 16/24/32 bytes,
    /// SM4 16, TDES 16/24),
    /// `.wrongInputSize` for an IV that is not one block (except ECB, which ignores it) or for
    /// CBC/ECB data that is not whole blocks, `.unsupported` when libcrypto lacks the cipher.
    /// - Parameters:
    ///   - alg: the block cipher (the TPMT_SYM_DEF algorithm).
    ///   - mode: the chaining mode (TPMI_ALG_SYM_MODE).
    ///   - key: the cipher key, one of the lengths `alg` accepts.
    ///   - iv: the initial chaining value (ivIn), one block; ignored for ECB.
    ///   - data: the plaintext; whole blocks for CBC and ECB.
    /// - Returns: `output`, the ciphertext as long as `data`, and `ivOut` as described above.
    public static func encrypt(
        _ alg: SymmetricAlgorithm, mode: SymmetricMode, key: [UInt8], iv: [UInt8],
        data: [UInt8]
    ) throws(CryptoError) -> (output: [UInt8], ivOut: [UInt8]) {
        try run(alg, mode: mode, key: key, iv: iv, data: data, encrypt: true)
    }

    /// The inverse of `encrypt`, with the same chaining value rules (CFB's `ivOut` is built from the
    /// ciphertext, so both directions hand back the same value).
    /// - Parameters:
    ///   - alg: the block cipher (the TPMT_SYM_DEF algorithm).
    ///   - mode: the chaining mode (TPMI_ALG_SYM_MODE).
    ///   - key: the cipher key, one of the lengths `alg` accepts.
    ///   - iv: the initial chaining value (ivIn), one block; ignored for ECB.
    ///   - data: the ciphertext; whole blocks for CBC and ECB.
    /// - Returns: `output`, the plaintext as long as `data`, and `ivOut` as `encrypt` gives it.
    public static func decrypt(
        _ alg: SymmetricAlgorithm, mode: SymmetricMode, key: [UInt8], iv: [UInt8],
        data: [UInt8]
    ) throws(CryptoError) -> (output: [UInt8], ivOut: [UInt8]) {
        try run(alg, mode: mode, key: key, iv: iv, data: data, encrypt: false)
    }

    private static func run(
        _ alg: SymmetricAlgorithm, mode: SymmetricMode, key: [UInt8], iv: [UInt8],
        data: [UInt8], encrypt: Bool
    ) throws(CryptoError) -> (output: [UInt8], ivOut: [UInt8]) {
        guard alg.keySizes.contains(key.count) else {
            throw .invalidKey(
                "\(alg) keys are \(alg.keySizes.map(String.init).joined(separator: ", ")) bytes; got \(key.count)")
        }
        let block = alg.blockSize
        if mode != .ecb, iv.count != block {
            throw .wrongInputSize(expected: block, got: iv.count)
        }
        if mode.needsWholeBlocks, data.count % block != 0 {
            throw .wrongInputSize(expected: (data.count / block + 1) * block, got: data.count)
        }
        // OpenSSL counts bytes in an Int32; a TPM buffer is at most a few kilobytes.
        guard data.count <= Int(Int32.max) - block else {
            throw .invalidInput("cannot process \(data.count) bytes in one call")
        }
        // Part 3 §15.2: nothing to do leaves the chaining value untouched.
        guard !data.isEmpty else { return ([], iv) }

        let cipherKey = fullKey(alg, key)
        if alg == .tdes && mode == .ctr {
            return try counterMode(alg, key: cipherKey, counter: iv, data: data)
        }
        let cipher = try CipherTable.cipher(alg, keyBytes: cipherKey.count, mode: mode)
        let context = CipherContext()
        try context.start(cipher, key: cipherKey, iv: mode == .ecb ? nil : iv, encrypt: encrypt)
        let output = try context.process(data)
        let ivOut = mode == .ecb ? iv : try context.updatedIV(length: block)
        return (output, ivOut)
    }

    /// The key libcrypto's cipher takes: two-key TDES is three-key TDES with K3 = K1 (SP 800-67
    /// keying option 2); every other key is used as given.
    static func fullKey(_ alg: SymmetricAlgorithm, _ key: [UInt8]) -> [UInt8] {
        alg == .tdes && key.count == 16 ? key + key.prefix(8) : key
    }

    /// CTR built over ECB for a cipher libcrypto has no CTR mode of (TDES): the whole block is a
    /// big-endian counter, stepped once per block begun, as OpenSSL's CTR does for the others.
    private static func counterMode(
        _ alg: SymmetricAlgorithm, key: [UInt8], counter: [UInt8],
        data: [UInt8]
    ) throws(CryptoError) -> (output: [UInt8], ivOut: [UInt8]) {
        let block = alg.blockSize
        var next = counter
        var counters: [UInt8] = []
        counters.reserveCapacity((data.count + block - 1) / block * block)
        for _ in stride(from: 0, to: data.count, by: block) {
            counters += next
            for index in next.indices.reversed() {
                next[index] &+= 1
                if next[index] != 0 { break }
            }
        }
        let context = CipherContext()
        try context.start(
            try CipherTable.cipher(alg, keyBytes: key.count, mode: .ecb), key: key, iv: nil, encrypt: true)
        let keystream = try context.process(counters)
        return (zip(data, keystream).map { $0 ^ $1 }, next)
    }
}
