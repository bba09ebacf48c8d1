extension KDF {
    /// KDFa, TPM 2.0 Part 1 §11.4.10.2: SP 800-108 KDF in counter mode with HMAC as the PRF.
    /// Block i (counter from 1) is HMAC(key, i ‖ label ‖ 0x00 ‖ contextU ‖ contextV ‖ bits), each
    /// integer a big-endian UINT32. Derives session keys, symmetric protection keys and primary seeds.
    /// - Parameters:
    ///   - alg: the HMAC hash algorithm (e.g. the nameAlg of the object or session).
    ///   - key: the secret HMAC key (Part 1's K), e.g. a seed or a session's bind and salt values.
    ///   - label: the label, UTF-8; a terminating 0x00 is added unless it already ends in one.
    ///   - contextU: Part 1's contextU, the first context value (may be empty).
    ///   - contextV: Part 1's contextV, the second context value (may be empty).
    ///   - bits: the number of bits to derive, also fed into every block.
    /// - Returns: ceil(bits/8) bytes, unused high bits of the first byte cleared; none for `bits` out of range.
    public static func kdfa(
        _ alg: HashAlgorithm, key: [UInt8], label: String, contextU: [UInt8],
        contextV: [UInt8], bits: Int
    ) throws(CryptoError) -> [UInt8] {
        try kdfa(alg, key: key, label: Array(label.utf8), contextU: contextU, contextV: contextV, bits: bits)
    }

    /// KDFa with the label given as raw bytes (callers sometimes pass binary labels).
    /// - Parameters:
    ///   - alg: the HMAC hash algorithm (e.g. the nameAlg of the object or session).
    ///   - key: the secret HMAC key (Part 1's K), e.g. a seed or a session's bind and salt values.
    ///   - label: the label bytes; a terminating 0x00 is added unless the last byte is already 0.
    ///   - contextU: Part 1's contextU, the first context value (may be empty).
    ///   - contextV: Part 1's contextV, the second context value (may be empty).
    ///   - bits: the number of bits to derive, also fed into every block.
    /// - Returns: ceil(bits/8) bytes, unused high bits of the first byte cleared; none for `bits` out of range.
    public static func kdfa(
        _ alg: HashAlgorithm, key: [UInt8], label: [UInt8], contextU: [UInt8],
        contextV: [UInt8], bits: Int
    ) throws(CryptoError) -> [UInt8] {
        guard let bitField = bitCountField(bits) else { return [] }
        let fixedInput = terminated(label) + contextU + contextV + bitField
        let byteCount = (bits + 7) / 8
        // Keying HMAC costs two compressions; do it once and copy the keyed state per block.
        let keyed = try HMACContext(alg, key: key)
        var stream: [UInt8] = []
        stream.reserveCapacity(byteCount + alg.digestSize)
        var counter: UInt32 = 1
        while stream.count < byteCount {
            let block = keyed.copy()
            block.update(bigEndian(counter) + fixedInput)
            stream += block.finalize()
            counter &+= 1
        }
        return truncated(stream, toBits: bits)
    }
}
