internal import COpenSSL

/// Random bytes and constant-time comparison, the two byte-level services every TPM command needs.
public enum SecureBytes {
    /// `count` bytes from OpenSSL's CSPRNG (RAND_bytes); empty for `count <= 0`.
    /// - Parameter count: the number of bytes wanted.
    /// - Returns: `count` random bytes; empty for `count <= 0`.
    public static func random(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            // RAND_bytes takes an Int32 length, so fill in chunks that always fit one.
            var offset = 0
            while offset < buffer.count {
                let chunk = min(buffer.count - offset, 1 << 30)
                // RAND_bytes fails only when the OS entropy source is gone; nothing sensible can continue.
                guard RAND_bytes(buffer.baseAddress.map { $0 + offset }, Int32(chunk)) == 1 else {
                    fatalError("\(CryptoError.openSSLFailure("RAND_bytes"))")
                }
                offset += chunk
            }
        }
        return out
    }

    /// Equality whose running time does not depend on where the inputs differ (CRYPTO_memcmp), for
    /// comparing HMACs and authValues. Lengths are public, so differing lengths return false at once.
    /// - Parameters:
    ///   - a: one value, e.g. the HMAC computed.
    ///   - b: the other value, e.g. the HMAC received.
    /// - Returns: true when both have the same length and the same bytes.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { lhs in
            b.withUnsafeBytes { rhs in CRYPTO_memcmp(lhs.baseAddress, rhs.baseAddress, lhs.count) == 0 }
        }
    }
}
