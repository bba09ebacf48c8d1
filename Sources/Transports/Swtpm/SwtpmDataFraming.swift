import TPMTypes

/// One request on swtpm's data channel, decoded.
enum SwtpmDataFrame: Equatable {
    /// A whole TPM command; `prefixLocality` is set when it came behind TPM_SEND_COMMAND,
    /// whose response must be framed the same way.
    case command([UInt8], prefixLocality: UInt8?)
    /// The size field is out of range: the stream cannot be resynchronised. `reason` is the
    /// log's sentence; `framed` says whether the refusal goes behind mssim's framing.
    case sizeOutOfRange(reason: String, framed: Bool)
}

/// swtpm's data-channel framing as pure functions.
///
/// A message starts with a 10-byte TPM header. Tag 0x8001/0x8002 marks a raw command of
/// `size` bytes. Otherwise a first u32 of 8 marks mssim's `u32 8 | u8 locality | u32 n |
/// n bytes`, answered as `u32 m | m bytes | u32 0` (swtpm's PTM_CAP_SEND_COMMAND_HEADER).
/// Any other tag is still a command of `size` bytes, for the device to reject with its
/// TPM_RC. A size outside 10...maxCommand is refused (TPM_RC_COMMAND_SIZE, then close).
enum SwtpmDataFraming {
    static func decode(_ bytes: [UInt8], maxCommand: Int) -> Decoded<SwtpmDataFrame> {
        let headerSize = TPMFrame.headerSize
        var reader = FrameReader(bytes)
        guard let header = reader.bytes(headerSize) else { return .needMore(reader.shortfall(headerSize)) }
        let tag = WireBytes.uint16(header, at: 0)
        let isRawTag = TPMFrame.isCommandTag(tag)
        if !isRawTag && WireBytes.uint32(header, at: 0) == MssimSendCommand.code {
            let size = Int(WireBytes.uint32(header, at: 5))
            guard size >= headerSize && size <= maxCommand else {
                return .frame(
                    .sizeOutOfRange(
                        reason:
                            "a TPM_SEND_COMMAND frame declares a \(size)-byte command, outside \(headerSize)...\(maxCommand)",
                        framed: true))
            }
            // The header's last byte is the command's first.
            guard let rest = reader.bytes(size - 1) else { return .needMore(reader.shortfall(size - 1)) }
            return .frame(.command([header[MssimSendCommand.prefixSize]] + rest, prefixLocality: header[4]))
        }
        let size = Int(WireBytes.uint32(header, at: 2))
        guard size >= headerSize && size <= maxCommand else {
            return .frame(
                .sizeOutOfRange(
                    reason:
                        "a command with tag 0x\(String(tag, radix: 16)) declares \(size) bytes, outside \(headerSize)...\(maxCommand)",
                    framed: false))
        }
        guard let rest = reader.bytes(size - headerSize) else { return .needMore(reader.shortfall(size - headerSize)) }
        return .frame(.command(header + rest, prefixLocality: nil))
    }

    /// A response as the request came: raw, or `u32 m | m bytes | u32 0` behind TPM_SEND_COMMAND.
    static func encode(_ response: [UInt8], framed: Bool) -> [UInt8] {
        framed ? MssimFraming.response(response) : response
    }
}
