/// A message on the simulator's command port (TcpServer.c's TpmServer), decoded.
enum MssimCommandFrame: Equatable {
    case hashStart
    case hashData([UInt8])
    case hashEnd
    case sendCommand(locality: UInt8, command: [UInt8])
    case remoteHandshake(clientVersion: UInt32)
    case setAlternativeResult(UInt32)
    case sessionEnd
    case stop
    /// TPM_SEND_COMMAND or HASH_DATA announcing more bytes than the server takes: the rest
    /// of the stream cannot be framed, so the server answers (or not) and closes.
    case sendCommandTooLarge(announced: Int)
    case hashDataTooLarge(announced: Int)
    /// A command code the command port does not serve.
    case unknown(UInt32)
}

/// The simulator's framing as pure functions: bytes to frames on the command and platform
/// ports, and the replies back to bytes.
enum MssimFraming {
    /// Decodes one command-port message; `maxCommand` is the largest TPM command accepted.
    static func decodeCommand(_ bytes: [UInt8], maxCommand: Int) -> Decoded<MssimCommandFrame> {
        var reader = FrameReader(bytes)
        guard let code = reader.uint32() else { return .needMore(reader.shortfall(4)) }
        switch MssimCommand(rawValue: code) {
        case .hashStart?: return .frame(.hashStart)
        case .hashEnd?: return .frame(.hashEnd)
        case .sessionEnd?: return .frame(.sessionEnd)
        case .stop?: return .frame(.stop)
        case .hashData?:
            guard let size = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            guard size <= MssimProtocol.maximumHashData else { return .frame(.hashDataTooLarge(announced: Int(size))) }
            guard let data = reader.bytes(Int(size)) else { return .needMore(reader.shortfall(Int(size))) }
            return .frame(.hashData(data))
        case .sendCommand?:
            guard let locality = reader.uint8() else { return .needMore(reader.shortfall(1)) }
            guard let size = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            guard size <= maxCommand else { return .frame(.sendCommandTooLarge(announced: Int(size))) }
            guard let command = reader.bytes(Int(size)) else { return .needMore(reader.shortfall(Int(size))) }
            return .frame(.sendCommand(locality: locality, command: command))
        case .remoteHandshake?:
            guard let version = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            return .frame(.remoteHandshake(clientVersion: version))
        case .setAlternativeResult?:
            guard let result = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            return .frame(.setAlternativeResult(result))
        default:
            return .frame(.unknown(code))
        }
    }

    /// Decodes one platform-port signal: a bare u32 code (PlatformServer()).
    static func decodeSignal(_ bytes: [UInt8]) -> Decoded<UInt32> {
        var reader = FrameReader(bytes)
        guard let code = reader.uint32() else { return .needMore(reader.shortfall(4)) }
        return .frame(code)
    }

    /// The `u32 0` that ends every reply.
    static let acknowledgement: [UInt8] = [0, 0, 0, 0]

    /// `u32 m | m bytes | u32 0`: a TPM response as TPM_SEND_COMMAND returns it.
    static func response(_ response: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.count + 8)
        bytes.append(lengthPrefixed: response)
        bytes.append(contentsOf: acknowledgement)
        return bytes
    }

    /// `u32 server version | u32 endpoint flags | u32 0`: REMOTE_HANDSHAKE's reply.
    static var handshake: [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(u32: MssimProtocol.serverVersion)
        bytes.append(u32: MssimProtocol.endpointFlags)
        bytes.append(contentsOf: acknowledgement)
        return bytes
    }
}
