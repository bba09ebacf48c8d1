/// DES keying rules for TDES keys the TPM makes or accepts (SP 800-67 §3.3; the reference
/// implementation's CryptDesValidateKey and CryptGenerateKeyDes): each 8-byte part carries odd
/// parity in the low bit of every byte, is none of the 64 weak, semi-weak and possibly weak DES
/// keys (FIPS 74 §3.6), and K1 ≠ K2 (and K2 ≠ K3 for three keys), so no key degrades to
/// single DES.
public enum TDESKey {
    /// `key` with the low bit of every byte replaced by the odd parity of the other seven.
    /// - Parameter key: the key bytes, any length.
    /// - Returns: `key` with every byte given odd parity.
    public static func withOddParity(_ key: [UInt8]) -> [UInt8] {
        key.map { byte in
            let high = byte & 0xFE
            return high | (high.nonzeroBitCount % 2 == 0 ? 1 : 0)
        }
    }

    /// Whether a 16- or 24-byte key passes the rules above; parity is imposed before the weak-key
    /// comparison, so a key differing from a weak one only in its parity bits is weak too.
    /// - Parameter key: a two-key (16-byte) or three-key (24-byte) TDES key.
    /// - Returns: true when the key meets every rule; false for any other length.
    public static func isValid(_ key: [UInt8]) -> Bool {
        guard key.count == 16 || key.count == 24 else { return false }
        let parts = stride(from: 0, to: key.count, by: 8).map { offset in
            withOddParity(Array(key[offset..<offset + 8])).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        guard parts.allSatisfy({ !weakKeys.contains($0) }), parts[0] != parts[1] else { return false }
        return parts.count == 2 || parts[1] != parts[2]
    }

    /// Weak (4), semi-weak (12) and possibly weak (48) DES keys, with odd parity, as 64-bit values.
    static let weakKeys: Set<UInt64> = [
        0x0101_0101_0101_0101, 0xFEFE_FEFE_FEFE_FEFE, 0xE0E0_E0E0_F1F1_F1F1, 0x1F1F_1F1F_0E0E_0E0E,
        0x011F_011F_010E_010E, 0x1F01_1F01_0E01_0E01, 0x01E0_01E0_01F1_01F1, 0xE001_E001_F101_F101,
        0x01FE_01FE_01FE_01FE, 0xFE01_FE01_FE01_FE01, 0x1FE0_1FE0_0EF1_0EF1, 0xE01F_E01F_F10E_F10E,
        0x1FFE_1FFE_0EFE_0EFE, 0xFE1F_FE1F_FE0E_FE0E, 0xE0FE_E0FE_F1FE_F1FE, 0xFEE0_FEE0_FEF1_FEF1,
        0x0101_1F1F_0101_0E0E, 0x1F1F_0101_0E0E_0101, 0xE0E0_1F1F_F1F1_0E0E, 0x0101_E0E0_0101_F1F1,
        0x1F1F_E0E0_0E0E_F1F1, 0xE0E0_FEFE_F1F1_FEFE, 0x0101_FEFE_0101_FEFE, 0x1F1F_FEFE_0E0E_FEFE,
        0xE0FE_011F_F1FE_010E, 0x011F_1F01_010E_0E01, 0x1FE0_01FE_0EF1_01FE, 0xE0FE_1F01_F1FE_0E01,
        0x011F_E0FE_010E_F1FE, 0x1FE0_E01F_0EF1_F10E, 0xE0FE_FEE0_F1FE_FEF1, 0x011F_FEE0_010E_FEF1,
        0x1FE0_FE01_0EF1_FE01, 0xFE01_01FE_FE01_01FE, 0x01E0_1FFE_01F1_0EFE, 0x1FFE_01E0_0EFE_01F1,
        0xFE01_1FE0_FE01_0EF1, 0xFE01_E01F_FE01_F10E, 0x1FFE_E001_0EFE_F101, 0xFE1F_01E0_FE0E_01F1,
        0x01E0_E001_01F1_F101, 0x1FFE_FE1F_0EFE_FE0E, 0xFE1F_E001_FE0E_F101, 0x01E0_FE1F_01F1_FE0E,
        0xE001_01E0_F101_01F1, 0xFE1F_1FFE_FE0E_0EFE, 0x01FE_1FE0_01FE_0EF1, 0xE001_1FFE_F101_0EFE,
        0xFEE0_011F_FEF1_010E, 0x01FE_E01F_01FE_F10E, 0xE001_FE1F_F101_FE0E, 0xFEE0_1F01_FEF1_0E01,
        0x01FE_FE01_01FE_FE01, 0xE01F_01FE_F10E_01FE, 0xFEE0_E0FE_FEF1_F1FE, 0x1F01_011F_0E01_010E,
        0xE01F_1FE0_F10E_0EF1, 0xFEFE_0101_FEFE_0101, 0x1F01_E0FE_0E01_F1FE, 0xE01F_FE01_F10E_FE01,
        0xFEFE_1F1F_FEFE_0E0E, 0x1F01_FEE0_0E01_FEF1, 0xE0E0_0101_F1F1_0101, 0xFEFE_E0E0_FEFE_F1F1,
    ]
}
