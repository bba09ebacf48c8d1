/// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 §2.2.3), the form PIV
/// returns ECDSA signatures in.
enum DERSignature {
    static func encode(r: [UInt8], s: [UInt8]) -> [UInt8] {
        BERTLV.encode(0x30, integer(r) + integer(s))
    }

    /// A DER INTEGER of an unsigned big-endian value: leading zeros dropped, one 00 put back
    /// when the top bit is set so the value stays positive.
    private static func integer(_ value: [UInt8]) -> [UInt8] {
        var digits = Array(value.drop { $0 == 0 })
        if digits.isEmpty || digits[0] & 0x80 != 0 { digits.insert(0, at: 0) }
        return BERTLV.encode(0x02, digits)
    }
}
