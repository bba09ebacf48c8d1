/// The fixed header every TPM 2.0 command and response starts with (Part 1 §18: tag, size,
/// code), for code that handles whole frames without parsing them: transports, the engine's
/// refusals, logs and fault injectors.
public enum TPMFrame {
    /// tag (2) + commandSize or responseSize (4) + commandCode or responseCode (4).
    public static let headerSize = 10

    /// Whether `tag` is TPM_ST_NO_SESSIONS or TPM_ST_SESSIONS, the tags of a TPM 2.0 command.
    /// - Parameter tag: the frame's first two bytes, as an integer.
    /// - Returns: true for those two tags, false for any other.
    public static func isCommandTag(_ tag: UInt16) -> Bool {
        tag == TPMStructureTag.noSessions || tag == TPMStructureTag.sessions
    }

    /// The header-only response a TPM answers a failed command with: TPM_ST_NO_SESSIONS, a
    /// size of 10 and the code.
    /// - Parameter code: the response code to answer with.
    /// - Returns: the ten-byte response frame.
    public static func errorResponse(_ code: TPMResponseCode) -> [UInt8] {
        var writer = TPMWriter()
        writer.write(TPMStructureTag.noSessions)
        writer.write(UInt32(headerSize))
        writer.write(code.rawValue)
        return writer.bytes
    }

    /// A command without sessions: TPM_ST_NO_SESSIONS, its size, `code`, then `parameters`.
    /// - Parameters:
    ///   - code: the command code (TPM_CC).
    ///   - parameters: the marshalled bytes that follow the header; empty by default.
    /// - Returns: the whole command frame.
    public static func command(_ code: TPMCommandCode, parameters: [UInt8] = []) -> [UInt8] {
        var writer = TPMWriter()
        writer.write(TPMStructureTag.noSessions)
        writer.write(UInt32(headerSize + parameters.count))
        writer.write(code.rawValue)
        writer.write(bytes: parameters)
        return writer.bytes
    }

    /// The code field (bytes 6..<10) of a command or response: its TPM_CC or TPM_RC; nil for
    /// fewer than ten bytes.
    /// - Parameter frame: a command or response, header first.
    /// - Returns: the commandCode or responseCode field, or nil for fewer than ten bytes.
    public static func code(of frame: [UInt8]) -> UInt32? {
        guard frame.count >= headerSize else { return nil }
        return frame[6..<10].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
