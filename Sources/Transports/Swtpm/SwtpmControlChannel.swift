import Foundation
import Logging
import TPMTypes

extension SwtpmServer {
    /// The answer to one control command and what happens to the connection afterwards.
    struct ControlReply {
        enum After { case keepServing, close, terminate }

        var bytes: [UInt8]
        var after = After.keepServing

        /// A bare `ptm_res`.
        static func result(_ code: UInt32, then after: After = .keepServing) -> ControlReply {
            var bytes: [UInt8] = []
            bytes.append(u32: code)
            return ControlReply(bytes: bytes, after: after)
        }

        /// `ptm_res` followed by big-endian u32 fields.
        static func fields(_ code: UInt32, _ values: UInt32...) -> ControlReply {
            var reply = result(code)
            for value in values { reply.bytes.append(u32: value) }
            return reply
        }
    }

    /// State blobs are a few tens of KiB; a SET_STATEBLOB announcing more is refused unread.
    static let maximumStateBlobSize = 64 << 20

    /// Serves control commands on one connection until the peer closes it. libtss2 opens a
    /// connection per command and reads the reply with a single read(), so every reply is
    /// written in one piece; QEMU keeps one connection open and passes SET_DATAFD over it.
    func serveControl(_ connection: Connection, channel: Channel) {
        defer { if channel.terminateOnDisconnect { runtime.requestStop() } }
        while true {
            do throws(ConnectionError) {
                guard let (head, received) = try connection.readExactlyCollectingDescriptors(4, idle: true) else {
                    return
                }
                // Descriptors travel only with SET_DATAFD, which has no body: any others are
                // closed before a body is read, so a request cut short cannot leak them.
                var descriptors = received
                if WireBytes.uint32(head, at: 0) != SwtpmControlCommand.setDataFD.rawValue {
                    descriptors.forEach(Platform.closeDescriptor)
                    descriptors = []
                }
                let maxStateBlob = Self.maximumStateBlobSize
                guard
                    let frame = try connection.readFrame(
                        startingWith: head, { SwtpmControlFraming.decode($0, maxStateBlob: maxStateBlob) })
                else { return }
                let reply = try handleControl(frame, descriptors: descriptors, on: connection)
                try connection.writeAll(reply.bytes)
                switch reply.after {
                case .keepServing: continue
                case .close: return
                case .terminate:
                    runtime.requestStop()
                    return
                }
            } catch {
                logger.warning("swtpm control channel: \(error); closed the connection")
                return
            }
        }
    }

    /// Runs one request. Its fixed body was read whole before the TPM's state is checked, so a
    /// refused request leaves the stream in step; only HASH_DATA's data is read here.
    func handleControl(_ frame: SwtpmControlFrame, descriptors: [Int32], on connection: Connection)
        throws(ConnectionError) -> ControlReply
    {
        // `descriptors` is empty for every request but SET_DATAFD (serveControl closed them).
        let running = { self.device.isPoweredOn }

        switch frame {
        case .unknown(let code):
            connection.discardPending()
            logger.warning(
                "swtpm control channel: unknown command 0x\(String(code, radix: 16)); answered TPM_BAD_ORDINAL")
            return .result(PTMResult.badOrdinal)

        case .bare(.getCapability):
            return .fields(PTMResult.success, PTMCapability.all)

        case .initialize(let flags):
            if device.isPoweredOn { device.powerOff() }
            do {
                try device.powerOn(deleteVolatile: flags & PTMFlag.initDeleteVolatile != 0)
                return .result(PTMResult.success)
            } catch {
                return .result(failureResult(error, doing: "INIT"))
            }

        case .bare(.shutdown):
            if device.isPoweredOn { device.powerOff() }
            return .result(PTMResult.success, then: .terminate)

        case .bare(.stop):
            if device.isPoweredOn { device.powerOff() }
            return .result(PTMResult.success)

        case .bare(.getTPMEstablished):
            guard running() else { return .result(PTMResult.badOrdinal) }
            return ControlReply(bytes: [0, 0, 0, 0, device.tpmEstablished ? 1 : 0, 0, 0, 0])

        case .setLocality(let locality):
            guard locality <= 4 else { return .result(PTMResult.badLocality) }
            setLocality(locality)
            return .result(PTMResult.success)

        case .resetTPMEstablished(let locality):
            guard running() else { return .result(PTMResult.badOrdinal) }
            guard locality <= 4, device.resetEstablished(locality: locality) else {
                return .result(PTMResult.badLocality)
            }
            return .result(PTMResult.success)

        case .bare(.hashStart):
            guard running() else { return .result(PTMResult.badOrdinal) }
            return .result(device.hashStart() ? PTMResult.success : PTMResult.fail)

        case .hashData(let length):
            return try hashData(length, from: connection)

        case .bare(.hashEnd):
            guard running() else { return .result(PTMResult.badOrdinal) }
            return .result(device.hashEnd() ? PTMResult.success : PTMResult.fail)

        case .bare(.cancelTPMCommand):
            guard running() else { return .result(PTMResult.badOrdinal) }
            cancelCommandInFlight()
            return .result(PTMResult.success)

        case .bare(.storeVolatile):
            guard running() else { return .result(PTMResult.badOrdinal) }
            do {
                try device.storeVolatile()
                return .result(PTMResult.success)
            } catch {
                return .result(failureResult(error, doing: "STORE_VOLATILE"))
            }

        case .getStateBlob(let type, let offset):
            guard running() else { return .result(PTMResult.badOrdinal) }
            return stateBlob(type: type, offset: offset)

        case .stateBlobTooLarge(let announced):
            logger.warning(
                "swtpm control channel: SET_STATEBLOB announces \(announced) bytes, more than \(Self.maximumStateBlobSize); answered TPM_BAD_PARAMETER and closed the connection"
            )
            return .result(PTMResult.badParameter, then: .close)

        case .setStateBlob(let flags, let type, let blob):
            return setStateBlob(flags: flags, type: type, blob: blob)

        case .bare(.getConfig):
            // No state-file or migration key: this server never encrypts state blobs.
            return .fields(PTMResult.success, 0)

        case .bare(.setDataFD):
            return setDataDescriptor(descriptors)

        case .setBufferSize(let requested):
            guard requested == 0 || !running() else { return .result(PTMResult.badOrdinal) }
            // The device's buffer is fixed, so the size in use, the minimum and the maximum agree.
            let size = UInt32(clamping: device.maxBufferSize)
            return .fields(PTMResult.success, size, size, size)

        case .getInfo(let flags, let offset):
            return info(flags: flags, offset: offset)

        case .lockStorage:
            // The device store holds its own lock; there is nothing to retry.
            return .result(PTMResult.success)

        case .bare(let command):
            // Every command with a body has its own frame; the decoder makes no other bare one.
            logger.warning("swtpm control channel: \(command) came without its request; answered TPM_BAD_ORDINAL")
            return .result(PTMResult.badOrdinal)
        }
    }

    // MARK: Commands with a body

    /// HASH_DATA's data, `length` bytes fed to the device in chunks as they arrive.
    private func hashData(_ length: Int, from connection: Connection) throws(ConnectionError) -> ControlReply {
        var remaining = length
        let running = device.isPoweredOn
        var accepted = true
        while remaining > 0 {
            let chunk = try connection.readRequired(min(remaining, 4096))
            if running && accepted { accepted = device.hashData(chunk) }
            remaining -= chunk.count
        }
        guard running else { return .result(PTMResult.badOrdinal) }
        return .result(accepted ? PTMResult.success : PTMResult.fail)
    }

    /// GET_STATEBLOB reply: `ptm_res | state_flags | totlength | length | data`, everything from
    /// `offset` to the end in one reply (the socket protocol has no 3 KiB limit).
    private func stateBlob(type: UInt32, offset: Int) -> ControlReply {
        let failed = { (code: UInt32) in ControlReply.fields(code, 0, 0, 0) }
        guard let kind = TPMStateBlobKind(rawValue: type) else {
            logger.warning(
                "swtpm control channel: GET_STATEBLOB for unknown blob type \(type); answered TPM_BAD_PARAMETER")
            return failed(PTMResult.badParameter)
        }
        let blob: [UInt8]
        do {
            blob = try device.stateBlob(kind)
        } catch {
            return failed(failureResult(error, doing: "GET_STATEBLOB"))
        }
        let rest = offset < blob.count ? Array(blob[offset...]) : []
        var reply = ControlReply.fields(PTMResult.success, 0, UInt32(rest.count), UInt32(rest.count))
        reply.bytes.append(contentsOf: rest)
        return reply
    }

    /// SET_STATEBLOB: `state_flags | type | length | data`, the whole blob in one request.
    private func setStateBlob(flags: UInt32, type: UInt32, blob: [UInt8]) -> ControlReply {
        guard !device.isPoweredOn else { return .result(PTMResult.badOrdinal) }
        guard let kind = TPMStateBlobKind(rawValue: type) else {
            logger.warning(
                "swtpm control channel: SET_STATEBLOB for unknown blob type \(type); answered TPM_BAD_PARAMETER")
            return .result(PTMResult.badParameter)
        }
        guard flags & PTMFlag.stateEncrypted == 0 else {
            logger.warning(
                "swtpm control channel: SET_STATEBLOB got a blob encrypted by swtpm's --key/--migration-key; send it decrypted"
            )
            return .result(PTMResult.badParameter)
        }
        do {
            try device.setStateBlob(kind, blob)
            return .result(PTMResult.success)
        } catch {
            return .result(failureResult(error, doing: "SET_STATEBLOB"))
        }
    }

    /// SET_DATAFD: serve TPM commands on the socket passed with SCM_RIGHTS. Like swtpm, only
    /// when no data channel is configured and no earlier descriptor is still open.
    private func setDataDescriptor(_ descriptors: [Int32]) -> ControlReply {
        guard options.data == nil, claimDataDescriptor() else {
            descriptors.forEach(Platform.closeDescriptor)
            return .result(PTMResult.ioError)
        }
        guard let fd = descriptors.first else {
            releaseDataDescriptor()
            logger.warning(
                "swtpm control channel: SET_DATAFD carried no descriptor; send it with SCM_RIGHTS over a Unix socket")
            return .result(PTMResult.badParameter)
        }
        descriptors.dropFirst().forEach(Platform.closeDescriptor)
        let connection = Connection(adopting: fd, readTimeoutMilliseconds: options.readTimeoutMilliseconds)
        let served = runtime.serve(
            connection, handler: { [self] in serveData($0, channel: nil) },
            onEnd: { [self] in releaseDataDescriptor() })
        guard served else {
            releaseDataDescriptor()
            return .result(PTMResult.fail)
        }
        return .result(PTMResult.success)
    }

    /// GET_INFO: `ptm_res | totlength | length | buffer`, a NUL-terminated JSON document read
    /// from `offset` in chunks of at most 3 KiB, as TPMLIB_GetInfo's.
    private func info(flags: UInt64, offset: Int) -> ControlReply {
        let document = Array(infoDocument(flags: flags).utf8) + [0]
        guard offset < document.count - 1 else { return .result(PTMResult.badParameter) }
        let length = min(document.count - offset, PTMFlag.infoChunkSize)
        var reply = ControlReply.fields(PTMResult.success, UInt32(document.count), UInt32(length))
        reply.bytes.append(contentsOf: document[offset..<offset + length])
        return reply
    }

    func infoDocument(flags: UInt64) -> String {
        let info = options.info
        var members: [String] = []
        if flags & PTMFlag.infoTPMSpecification != 0 {
            members.append(
                "\"TPMSpecification\":{\"family\":\(Self.jsonString(info.specFamily)),\"level\":\(info.specLevel),\"revision\":\(info.specRevision)}"
            )
        }
        if flags & PTMFlag.infoTPMAttributes != 0 {
            members.append(
                "\"TPMAttributes\":{\"manufacturer\":\(Self.jsonString(info.manufacturer)),\"version\":\(Self.jsonString(info.version)),\"model\":\(Self.jsonString(info.model))}"
            )
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// The ptm_res for a device error, logged once: wrong power state is swtpm's "not running /
    /// running" TPM_BAD_ORDINAL, an unreadable blob TPM_BAD_PARAMETER, anything else TPM_FAIL.
    private func failureResult(_ error: Error, doing request: String) -> UInt32 {
        let code: UInt32
        switch error as? TPMPlatformError {
        case .wrongPowerState?: code = PTMResult.badOrdinal
        case .badBlob?: code = PTMResult.badParameter
        default: code = PTMResult.fail
        }
        logger.error("swtpm control channel: \(request) failed: \(error); answered 0x\(String(code, radix: 16))")
        return code
    }
}
