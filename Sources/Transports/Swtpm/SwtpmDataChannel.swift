extension SwtpmServer {
    /// One request read from the data channel.
    private enum DataRequest {
        /// A whole TPM command; `prefixLocality` is set when it came behind TPM_SEND_COMMAND,
        /// whose response must be framed the same way.
        case command([UInt8], prefixLocality: UInt8?)
        /// The size field is out of range: the stream cannot be resynchronised.
        case oversize(String, framed: Bool)
    }

    /// Serves TPM commands on one data connection until the peer closes it.
    ///
    /// A message starts with a 10-byte TPM header. Tag 0x8001/0x8002 marks a raw command of
    /// `size` bytes. Otherwise a first u32 of 8 marks mssim's `u32 8 | u8 locality | u32 n |
    /// n bytes`, answered as `u32 m | m bytes | u32 0` (swtpm's PTM_CAP_SEND_COMMAND_HEADER).
    /// Any other tag is still a command of `size` bytes, for the device to reject with its
    /// TPM_RC. A size outside 10...maxBufferSize is answered with TPM_RC_COMMAND_SIZE and the
    /// connection is closed, since its remaining bytes can no longer be framed.
    func serveData(_ connection: Connection, channel: Channel?) {
        defer {
            if channel?.terminateOnDisconnect == true || options.terminateWhenDataConnectionEnds { runtime.requestStop() }
        }
        let keepOpen = !(channel?.disconnectAfterEachResponse ?? false)
        repeat {
            do throws(ConnectionError) {
                guard let request = try readDataRequest(from: connection) else { return }
                switch request {
                case let .command(command, prefixLocality):
                    let locality = beginCommand(settingLocality: prefixLocality)
                    let response = device.execute(command, locality: locality)
                    endCommand()
                    try connection.writeAll(prefixLocality == nil ? response : Self.framed(response))
                case let .oversize(reason, framed):
                    let response = WireBytes.errorResponse(WireBytes.commandSizeError)
                    try? connection.writeAll(framed ? Self.framed(response) : response)
                    log("swtpm data channel: \(reason); answered TPM_RC_COMMAND_SIZE and closed the connection")
                    return
                }
            } catch {
                log("swtpm data channel: \(error); closed the connection")
                return
            }
        } while keepOpen
    }

    private func readDataRequest(from connection: Connection) throws(ConnectionError) -> DataRequest? {
        let headerSize = WireBytes.headerSize
        guard let header = try connection.readExactly(headerSize, idle: true) else { return nil }
        let maximum = device.maxBufferSize
        let tag = WireBytes.uint16(header, at: 0)
        let isRawTag = tag == WireBytes.noSessionsTag || tag == WireBytes.sessionsTag
        if !isRawTag && WireBytes.uint32(header, at: 0) == MssimSendCommand.code {
            let size = Int(WireBytes.uint32(header, at: 5))
            guard size >= headerSize && size <= maximum else {
                return .oversize("a TPM_SEND_COMMAND frame declares a \(size)-byte command, outside \(headerSize)...\(maximum)", framed: true)
            }
            let command = [header[MssimSendCommand.prefixSize]] + (try connection.readRequired(size - 1))
            return .command(command, prefixLocality: header[4])
        }
        let size = Int(WireBytes.uint32(header, at: 2))
        guard size >= headerSize && size <= maximum else {
            return .oversize("a command with tag 0x\(String(tag, radix: 16)) declares \(size) bytes, outside \(headerSize)...\(maximum)", framed: false)
        }
        return .command(header + (try connection.readRequired(size - headerSize)), prefixLocality: nil)
    }

    /// `u32 m | m bytes | u32 0`: mssim's framing of a response.
    static func framed(_ response: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.count + 8)
        bytes.append(lengthPrefixed: response)
        bytes.append(u32: 0)
        return bytes
    }
}
