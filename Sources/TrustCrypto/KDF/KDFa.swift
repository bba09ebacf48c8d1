extension KDF {
    /// KDFa, TPM 2.0 Part 1 §11.4.10.2: SP 800-108 KDF in counter mode with HMAC as the PRF.
    /// Block i (counter from 1) is HMAC(key, i ‖ label ‖ 0x00 ‖ contextU ‖ contextV ‖ bits), each
    /// integer a big-endian UINT32. Derives session keys, symmetric protection keys and primary seeds.
    public static func kdfa(
        _ alg: HashAlgorithm, key: [UInt8], label: String, contextU: [UInt8],
        contextV: [UInt8], bits: Int
    ) throws(CryptoError) -> [UInt8] {
        try kdfa(alg, key: key, label: Array(label.utf8), contextU: contextU, contextV: contextV, bits: bits)
    }

    /// KDFa with the label given as raw bytes (callers sometimes pass binary labels).
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
