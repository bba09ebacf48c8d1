extension KDF {
    /// KDFe, TPM 2.0 Part 1 §11.4.10.3: the SP 800-56A concatenation KDF. Block i (counter from 1,
    /// big-endian UINT32) is Hash(i ‖ Z ‖ label ‖ 0x00 ‖ partyUInfo ‖ partyVInfo). Derives seeds from
    /// an ECDH shared secret `z` (its x-coordinate), e.g. for TPM2_ActivateCredential and Import.
    /// - Parameters:
    ///   - alg: the hash algorithm of each block (e.g. the nameAlg of the key).
    ///   - z: the shared secret Z, the x-coordinate of the ECDH product.
    ///   - label: the label, UTF-8; a terminating 0x00 is added unless it already ends in one.
    ///   - partyU: PartyUInfo (Part 1: the x-coordinate of the ephemeral public key).
    ///   - partyV: PartyVInfo (Part 1: the x-coordinate of the receiving key's public point).
    ///   - bits: the number of bits to derive.
    /// - Returns: ceil(bits/8) bytes, unused high bits of the first byte cleared; none for `bits` out of range.
    public static func kdfe(
        _ alg: HashAlgorithm, z: [UInt8], label: String, partyU: [UInt8],
        partyV: [UInt8], bits: Int
    ) throws(CryptoError) -> [UInt8] {
        try kdfe(alg, z: z, label: Array(label.utf8), partyU: partyU, partyV: partyV, bits: bits)
    }

    /// KDFe with the label given as raw bytes.
    /// - Parameters:
    ///   - alg: the hash algorithm of each block (e.g. the nameAlg of the key).
    ///   - z: the shared secret Z, the x-coordinate of the ECDH product.
    ///   - label: the label bytes; a terminating 0x00 is added unless the last byte is already 0.
    ///   - partyU: PartyUInfo (Part 1: the x-coordinate of the ephemeral public key).
    ///   - partyV: PartyVInfo (Part 1: the x-coordinate of the receiving key's public point).
    ///   - bits: the number of bits to derive.
    /// - Returns: ceil(bits/8) bytes, unused high bits of the first byte cleared; none for `bits` out of range.
    public static func kdfe(
        _ alg: HashAlgorithm, z: [UInt8], label: [UInt8], partyU: [UInt8],
        partyV: [UInt8], bits: Int
    ) throws(CryptoError) -> [UInt8] {
        guard bitCountField(bits) != nil else { return [] }
        let otherInfo = terminated(label) + partyU + partyV
        let byteCount = (bits + 7) / 8
        var stream: [UInt8] = []
        stream.reserveCapacity(byteCount + alg.digestSize)
        var counter: UInt32 = 1
        while stream.count < byteCount {
            stream += try Hash.digest(alg, [bigEndian(counter), z, otherInfo])
            counter &+= 1
        }
        return truncated(stream, toBits: bits)
    }
}
