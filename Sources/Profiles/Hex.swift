/// Hex text as profiles and manifests write bytes ("3B 85 80", "3b:85", "3b8580").
public enum Hex {
    /// The bytes of `text`, spaces and colons ignored; nil for an odd count or a non-hex digit.
    /// - Parameter text: hex digits, two per byte, in either case ("3B 85 80", "3b:85", "3b8580").
    /// - Returns: the bytes in the order written, or nil when `text` is not whole hex bytes.
    public static func bytes(_ text: String) -> [UInt8]? {
        let digits = text.filter { $0 != " " && $0 != ":" }.map { $0.hexDigitValue }
        guard digits.count % 2 == 0, !digits.contains(nil) else { return nil }
        let values = digits.compactMap { $0 }
        return stride(from: 0, to: values.count, by: 2).map { UInt8(values[$0] << 4 | values[$0 + 1]) }
    }
}
