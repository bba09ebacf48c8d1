import Testing

@testable import Transports

/// The mssim, swtpm data-channel and vpcd decoders, without sockets: whole frames, every
/// prefix of them (a decoder must ask for bytes it lacks and never for one past the frame, or a
/// blocking reader would wait on the next message), and sizes out of range.
@Suite("Framing codecs")
struct FramingTests {
    private func be32(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    /// Feeds `message` as a reader would, asking `decode` how much more it needs each time,
    /// and returns the frame with the number of bytes it took.
    private func feed<Frame>(_ message: [UInt8], _ decode: ([UInt8]) -> Decoded<Frame>) -> (frame: Frame?, taken: Int) {
        var received: [UInt8] = []
        while true {
            switch decode(received) {
            case .frame(let frame): return (frame, received.count)
            case .needMore(let count):
                guard count > 0, received.count + count <= message.count else { return (nil, received.count) }
                received += message[received.count..<received.count + count]
            }
        }
    }

    /// Every strict prefix of `message` must ask for more, and never past its end.
    private func expectPrefixesAskForMore<Frame>(_ message: [UInt8], _ decode: ([UInt8]) -> Decoded<Frame>) {
        for length in 0..<message.count {
            guard case .needMore(let count) = decode(Array(message.prefix(length))) else {
                Issue.record("a \(length)-byte prefix of a \(message.count)-byte message decoded as a frame")
                continue
            }
            #expect(count > 0 && length + count <= message.count, "prefix \(length) asked for \(count)")
        }
    }

    private let getRandom: [UInt8] = [0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8]

    @Test("mssim TPM_SEND_COMMAND: u8 locality, u32 size, the command; taken whole and no further")
    func mssimSendCommand() {
        let message = be32(8) + [3] + be32(UInt32(getRandom.count)) + getRandom
        let decode = { MssimFraming.decodeCommand($0, maxCommand: 4096) }
        let (frame, taken) = feed(message + [0xEE], decode)
        #expect(frame == .sendCommand(locality: 3, command: getRandom))
        #expect(taken == message.count)
        expectPrefixesAskForMore(message, decode)
    }

    @Test("mssim HASH_DATA, handshake, alternative result and the bare signals")
    func mssimOtherCommands() {
        let decode = { MssimFraming.decodeCommand($0, maxCommand: 4096) }
        #expect(feed(be32(6) + be32(3) + [1, 2, 3], decode).frame == .hashData([1, 2, 3]))
        #expect(feed(be32(6) + be32(0), decode).frame == .hashData([]))
        #expect(feed(be32(15) + be32(1), decode).frame == .remoteHandshake(clientVersion: 1))
        #expect(feed(be32(16) + be32(7), decode).frame == .setAlternativeResult(7))
        #expect(feed(be32(5), decode).frame == .hashStart)
        #expect(feed(be32(7), decode).frame == .hashEnd)
        #expect(feed(be32(20), decode).frame == .sessionEnd)
        #expect(feed(be32(21), decode).frame == .stop)
        #expect(feed(be32(99), decode).frame == .unknown(99))
        expectPrefixesAskForMore(be32(6) + be32(3) + [1, 2, 3], decode)
        #expect(feed(be32(30), MssimFraming.decodeSignal).frame == 30)
    }

    @Test("mssim sizes beyond the limits are frames of their own, decided before the payload arrives")
    func mssimOversized() {
        let decode = { MssimFraming.decodeCommand($0, maxCommand: 4096) }
        #expect(feed(be32(8) + [0] + be32(4097), decode).frame == .sendCommandTooLarge(announced: 4097))
        #expect(
            feed(be32(8) + [0] + be32(UInt32.max), decode).frame == .sendCommandTooLarge(announced: Int(UInt32.max)))
        #expect(
            feed(be32(6) + be32(UInt32(MssimProtocol.maximumHashData + 1)), decode).frame
                == .hashDataTooLarge(announced: MssimProtocol.maximumHashData + 1))
        #expect(feed(be32(6) + be32(UInt32.max), decode).frame == .hashDataTooLarge(announced: Int(UInt32.max)))
        // At the limits, accepted.
        let largest = [UInt8](repeating: 0x80, count: 4096)
        #expect(feed(be32(8) + [0] + be32(4096) + largest, decode).frame == .sendCommand(locality: 0, command: largest))
        let largestHash = [UInt8](repeating: 1, count: MssimProtocol.maximumHashData)
        #expect(feed(be32(6) + be32(UInt32(largestHash.count)) + largestHash, decode).frame == .hashData(largestHash))
        #expect(MssimFraming.response([0xAA]) == be32(1) + [0xAA] + be32(0))
        #expect(
            MssimFraming.handshake == be32(MssimProtocol.serverVersion) + be32(MssimProtocol.endpointFlags) + be32(0))
    }

    @Test("swtpm data channel: a raw command by its header's size, or one behind TPM_SEND_COMMAND")
    func swtpmData() {
        let decode = { SwtpmDataFraming.decode($0, maxCommand: 4096) }
        let (raw, taken) = feed(getRandom + [0x80], decode)
        #expect(raw == .command(getRandom, prefixLocality: nil))
        #expect(taken == getRandom.count)
        expectPrefixesAskForMore(getRandom, decode)

        let framed = be32(8) + [2] + be32(UInt32(getRandom.count)) + getRandom
        #expect(feed(framed, decode).frame == .command(getRandom, prefixLocality: 2))
        expectPrefixesAskForMore(framed, decode)
        #expect(SwtpmDataFraming.encode([1, 2], framed: true) == be32(2) + [1, 2] + be32(0))
        #expect(SwtpmDataFraming.encode([1, 2], framed: false) == [1, 2])

        // An unknown tag is still a command of `size` bytes, for the TPM to answer TPM_RC_TAG.
        let badTag: [UInt8] = [0x00, 0xC1] + Array(getRandom.dropFirst(2))
        #expect(feed(badTag, decode).frame == .command(badTag, prefixLocality: nil))
    }

    /// The reason a size out of range gives, or nil if `message` decoded otherwise.
    private func refusal(_ message: [UInt8]) -> (reason: String, framed: Bool)? {
        guard
            case .sizeOutOfRange(let reason, let framed)? = feed(
                message, { SwtpmDataFraming.decode($0, maxCommand: 4096) }
            ).frame
        else {
            return nil
        }
        return (reason, framed)
    }

    @Test(
        "swtpm data channel: a size outside 10...maxCommand is refused in the framing it came in; 10 and maxCommand are taken"
    )
    func swtpmSizes() {
        let decode = { SwtpmDataFraming.decode($0, maxCommand: 4096) }
        let raw = { (size: UInt32) in [0x80, 0x01] + be32(size) + [0, 0, 0x01, 0x7B] }
        #expect(refusal(raw(9))?.framed == false)
        #expect(refusal(raw(9))?.reason.contains("declares 9 bytes") == true)
        #expect(refusal(raw(4097))?.framed == false)
        #expect(refusal(raw(UInt32.max))?.framed == false)
        #expect(feed(raw(10), decode).frame == .command(raw(10), prefixLocality: nil))
        let largest = raw(4096) + [UInt8](repeating: 0, count: 4086)
        #expect(feed(largest, decode).frame == .command(largest, prefixLocality: nil))

        let framed = { (size: UInt32) in be32(8) + [0] + be32(size) + [0x80] }
        #expect(refusal(framed(1))?.framed == true)
        #expect(refusal(framed(4097))?.reason.contains("4097-byte command") == true)
        #expect(refusal(framed(UInt32.max))?.framed == true)
        #expect(feed(framed(10) + raw(10).dropFirst(), decode).frame == .command(raw(10), prefixLocality: 0))
    }

    @Test(
        "swtpm control channel: each command's fixed request, whole and no further; unknown codes and large blobs decided early"
    )
    func swtpmControl() {
        let decode = { SwtpmControlFraming.decode($0, maxStateBlob: 64) }
        #expect(feed(be32(0x01), decode).frame == .bare(.getCapability))
        #expect(feed(be32(0x10), decode).frame == .bare(.setDataFD))
        #expect(feed(be32(0x02) + be32(1), decode).frame == .initialize(flags: 1))
        #expect(feed(be32(0x05) + [3], decode).frame == .setLocality(3))
        #expect(feed(be32(0x0B) + [4], decode).frame == .resetTPMEstablished(locality: 4))
        #expect(
            feed(be32(0x07) + be32(UInt32.max), decode).frame == .hashData(length: Int(UInt32.max)),
            "the data streams after")
        #expect(feed(be32(0x0C) + be32(0) + be32(2) + be32(7), decode).frame == .getStateBlob(type: 2, offset: 7))
        #expect(feed(be32(0x11) + be32(4096), decode).frame == .setBufferSize(4096))
        #expect(
            feed(be32(0x12) + [0, 0, 0, 0, 0, 0, 0, 1] + be32(5) + be32(0), decode).frame
                == .getInfo(flags: 1, offset: 5))
        #expect(feed(be32(0x13) + be32(10), decode).frame == .lockStorage)
        #expect(feed(be32(0x99) + [1, 2, 3], decode).frame == .unknown(0x99))

        let setBlob = be32(0x0D) + be32(0) + be32(1) + be32(3) + [7, 8, 9]
        let (frame, taken) = feed(setBlob + [0xFF], decode)
        #expect(frame == .setStateBlob(flags: 0, type: 1, blob: [7, 8, 9]))
        #expect(taken == setBlob.count)
        expectPrefixesAskForMore(setBlob, decode)
        expectPrefixesAskForMore(be32(0x12) + [UInt8](repeating: 0, count: 16), decode)
        #expect(feed(be32(0x0D) + be32(0) + be32(1) + be32(65), decode).frame == .stateBlobTooLarge(announced: 65))
        #expect(
            feed(be32(0x0D) + be32(0) + be32(1) + be32(UInt32.max), decode).frame
                == .stateBlobTooLarge(announced: Int(UInt32.max)))
    }

    @Test("vpcd: u16 length and payload; one byte is a control, more an APDU, none nothing")
    func vpcd() {
        let select: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x00]
        let message: [UInt8] = [0x00, 0x05] + select
        let (frame, taken) = feed(message + [0x00], VpcdProtocol.decode)
        #expect(frame == .apdu(select))
        #expect(taken == message.count)
        expectPrefixesAskForMore(message, VpcdProtocol.decode)
        #expect(feed([0x00, 0x01, 0x04], VpcdProtocol.decode).frame == .control(0x04))
        #expect(feed([0x00, 0x00], VpcdProtocol.decode).frame == .empty)
        #expect(VpcdProtocol.frame(select) == message)
        #expect(VpcdProtocol.frame([UInt8](repeating: 0, count: 65_536)) == [0x00, 0x02, 0x6F, 0x00])
    }
}
