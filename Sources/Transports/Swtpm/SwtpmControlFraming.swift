/// One request on swtpm's control channel, decoded: the command and its fixed request body.
enum SwtpmControlFrame: Equatable {
    /// A command without a request body (GET_CAPABILITY, SHUTDOWN, STOP, HASH_START, ...).
    case bare(SwtpmControlCommand)
    case initialize(flags: UInt32)
    case setLocality(UInt8)
    case resetTPMEstablished(locality: UInt8)
    /// HASH_DATA's `u32 length`: the data follows, streamed to the device in chunks rather
    /// than framed whole (swtpm sets no limit on it).
    case hashData(length: Int)
    case getStateBlob(type: UInt32, offset: Int)
    case setStateBlob(flags: UInt32, type: UInt32, blob: [UInt8])
    /// SET_STATEBLOB announcing more than the server takes: refused before the blob is read.
    case stateBlobTooLarge(announced: Int)
    case setBufferSize(UInt32)
    case getInfo(flags: UInt64, offset: Int)
    case lockStorage
    /// A code tpm_ioctl.h does not define; its request, if any, cannot be framed.
    case unknown(UInt32)
}

/// swtpm's control-channel requests (tpm_ioctl.h's `u32 command | request`) as a pure decoder.
enum SwtpmControlFraming {
    static func decode(_ bytes: [UInt8], maxStateBlob: Int) -> Decoded<SwtpmControlFrame> {
        var reader = FrameReader(bytes)
        guard let code = reader.uint32() else { return .needMore(reader.shortfall(4)) }
        guard let command = SwtpmControlCommand(rawValue: code) else { return .frame(.unknown(code)) }
        switch command {
        case .getCapability, .shutdown, .stop, .getTPMEstablished, .hashStart, .hashEnd, .cancelTPMCommand,
            .storeVolatile, .getConfig, .setDataFD:
            return .frame(.bare(command))
        case .initialize:
            guard let flags = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            return .frame(.initialize(flags: flags))
        case .setLocality:
            guard let locality = reader.uint8() else { return .needMore(reader.shortfall(1)) }
            return .frame(.setLocality(locality))
        case .resetTPMEstablished:
            guard let locality = reader.uint8() else { return .needMore(reader.shortfall(1)) }
            return .frame(.resetTPMEstablished(locality: locality))
        case .hashData:
            guard let length = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            return .frame(.hashData(length: Int(length)))
        case .getStateBlob:
            // state_flags (unused: blobs are never encrypted here) | type | offset
            guard reader.shortfall(12) == 0, reader.uint32() != nil, let type = reader.uint32(),
                let offset = reader.uint32()
            else {
                return .needMore(reader.shortfall(12))
            }
            return .frame(.getStateBlob(type: type, offset: Int(offset)))
        case .setStateBlob:
            guard reader.shortfall(12) == 0, let flags = reader.uint32(), let type = reader.uint32(),
                let length = reader.uint32()
            else {
                return .needMore(reader.shortfall(12))
            }
            guard Int(length) <= maxStateBlob else { return .frame(.stateBlobTooLarge(announced: Int(length))) }
            guard let blob = reader.bytes(Int(length)) else { return .needMore(reader.shortfall(Int(length))) }
            return .frame(.setStateBlob(flags: flags, type: type, blob: blob))
        case .setBufferSize:
            guard let size = reader.uint32() else { return .needMore(reader.shortfall(4)) }
            return .frame(.setBufferSize(size))
        case .getInfo:
            // u64 flags | u32 offset | u32 pad
            guard let request = reader.bytes(16) else { return .needMore(reader.shortfall(16)) }
            return .frame(
                .getInfo(flags: WireBytes.uint64(request, at: 0), offset: Int(WireBytes.uint32(request, at: 8))))
        case .lockStorage:
            guard reader.bytes(4) != nil else { return .needMore(reader.shortfall(4)) }
            return .frame(.lockStorage)
        }
    }
}
