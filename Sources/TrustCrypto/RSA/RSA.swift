/// RSA as TPM 2.0 uses it: RSASSA-PKCS1-v1_5 and RSASSA-PSS signatures, RSAES-OAEP and
/// RSAES-PKCS1-v1_5 encryption, and the raw primitive (TPM_ALG_NULL scheme), per RFC 8017.
public enum RSA {
    /// Key sizes a TPM creates (TPMI_RSA_KEY_BITS in Part 2).
    static let creatableKeyBits: Set<Int> = [1024, 2048, 3072, 4096]

    /// Part 2, TPMS_RSA_PARMS: an exponent of 0 means the default 2^16 + 1.
    /// Anything else must be odd and greater than 1 to be an RSA public exponent.
    static func normalizedExponent(_ exponent: UInt32) throws(CryptoError) -> UInt32 {
        let e = exponent == 0 ? 65537 : exponent
        guard e > 1, e & 1 == 1 else { throw .invalidKey("RSA public exponent \(e) is not an odd number above 1") }
        return e
    }

    /// A big-endian integer as exactly `length` bytes, or nil when its value needs more.
    static func leftPadded(_ bytes: [UInt8], to length: Int) -> [UInt8]? {
        let significant = bytes.drop { $0 == 0 }
        guard significant.count <= length else { return nil }
        return [UInt8](repeating: 0, count: length - significant.count) + significant
    }

    /// Pads `value` to the modulus length and checks it is below the modulus, as the RSA primitives
    /// (RSAEP / RSADP, RFC 8017 §5.1) require of their input.
    static func integerBelowModulus(_ value: [UInt8], modulus: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let padded = leftPadded(value, to: modulus.count) else {
            throw .wrongInputSize(expected: modulus.count, got: value.count)
        }
        // Same length, big-endian: byte order is numeric order.
        guard padded.lexicographicallyPrecedes(modulus) else {
            throw .invalidInput("RSA input is not less than the modulus")
        }
        return padded
    }
}
