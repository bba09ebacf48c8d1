import Foundation

/// The key for state encrypted at rest, given in swtpm's spelling:
/// `--key file=PATH[,format=hex|binary][,mode=aes-256-gcm][,remove=true|false]`.
/// The key is 256 bits: 32 bytes in a binary file, or 64 hex digits (format=hex, the default,
/// as in swtpm; surrounding whitespace ignored).
public enum StateKey {
    /// Reads the key file a `--key` option names, and deletes the file afterwards with `remove=true`.
    /// - Parameter specification: the option's value: `file=PATH`, then optionally `format=hex|binary`
    ///   (hex by default), `mode=aes-256-gcm` and `remove=true|false`, comma-separated; a bare
    ///   `remove` means `remove=true`.
    /// - Returns: the 32-byte key.
    public static func load(_ specification: String) throws(StateKeyError) -> [UInt8] {
        var file: String?
        var hex = true
        var remove = false
        for part in specification.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            switch (pair[0], pair.count == 2 ? pair[1] : nil) {
            case ("file", let path?): file = path
            case ("format", "hex"): hex = true
            case ("format", "binary"): hex = false
            case ("mode", "aes-256-gcm"): break
            case ("mode", let mode?):
                throw StateKeyError(
                    "--key mode=\(mode) is not offered: state is encrypted with mode=aes-256-gcm (authenticated), so leave mode out or name that"
                )
            case ("remove", "true"), ("remove", nil): remove = true
            case ("remove", "false"): remove = false
            default:
                throw StateKeyError(
                    "--key takes file=PATH[,format=hex|binary][,mode=aes-256-gcm][,remove=true|false]; '\(part)' is not one of those"
                )
            }
        }
        guard let file else { throw StateKeyError("--key needs file=PATH naming the key file") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StateKeyError("--key: cannot read the key file \(file)")
        }
        let key: [UInt8]
        if hex {
            let digits = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard digits.count == 64, let bytes = Self.bytes(hexDigits: digits) else {
                throw StateKeyError(
                    "--key: \(file) should hold 64 hex digits (a 256-bit key), or use format=binary for 32 raw bytes")
            }
            key = bytes
        } else {
            guard data.count == 32 else {
                throw StateKeyError(
                    "--key: \(file) holds \(data.count) bytes; a binary key is exactly 32 bytes (256 bits)")
            }
            key = Array(data)
        }
        if remove { try? FileManager.default.removeItem(atPath: file) }
        return key
    }

    private static func bytes(hexDigits: String) -> [UInt8]? {
        var out: [UInt8] = []
        var iterator = hexDigits.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}

public struct StateKeyError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
