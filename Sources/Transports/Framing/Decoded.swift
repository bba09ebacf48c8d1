/// What a frame decoder makes of the bytes received so far: a whole frame, or how many more
/// bytes it needs before it can say. Decoders are pure functions of their input, so every
/// protocol's framing is tested (and fuzzed) without a socket; they never ask for a byte past
/// the frame, so a blocking reader never waits for the next message by mistake.
enum Decoded<Frame> {
    case frame(Frame)
    /// Exactly this many more bytes before the decoder can say more: never zero, and never
    /// past the end of the frame.
    case needMore(Int)
}

extension Connection {
    /// One frame read with `decode`, or nil when the peer closed between frames. The first
    /// read waits as long as an idle connection may; once a frame has begun, end of stream is
    /// truncation.
    func readFrame<Frame>(_ decode: ([UInt8]) -> Decoded<Frame>) throws(ConnectionError) -> Frame? {
        try readFrame(startingWith: [], decode)
    }

    /// One frame whose first bytes `received` were already read (swtpm's control channel
    /// reads its command code with the descriptors passed beside it); nil only when nothing
    /// was received and the peer closed.
    func readFrame<Frame>(startingWith received: [UInt8], _ decode: ([UInt8]) -> Decoded<Frame>) throws(ConnectionError)
        -> Frame?
    {
        var received = received
        while true {
            switch decode(received) {
            case .frame(let frame):
                return frame
            case .needMore(let count):
                precondition(count > 0, "a frame decoder asked for no bytes")
                if received.isEmpty {
                    guard let first = try readExactly(count, idle: true) else { return nil }
                    received = first
                } else {
                    received.reserveCapacity(received.count + count)
                    received += try readRequired(count)
                }
            }
        }
    }
}

/// Big-endian fields of a frame being decoded: each read says how many bytes are missing
/// instead of trapping, so a decoder is a chain of reads that ends in a frame or `needMore`.
struct FrameReader {
    private let input: [UInt8]
    private(set) var offset = 0

    init(_ input: [UInt8]) { self.input = input }

    /// The bytes still needed for `count` more, or zero when they are there.
    func shortfall(_ count: Int) -> Int { max(0, count - (input.count - offset)) }

    mutating func uint8() -> UInt8? {
        guard shortfall(1) == 0 else { return nil }
        defer { offset += 1 }
        return input[offset]
    }

    mutating func uint16() -> UInt16? {
        guard shortfall(2) == 0 else { return nil }
        defer { offset += 2 }
        return WireBytes.uint16(input, at: offset)
    }

    mutating func uint32() -> UInt32? {
        guard shortfall(4) == 0 else { return nil }
        defer { offset += 4 }
        return WireBytes.uint32(input, at: offset)
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        precondition(count >= 0, "a negative field length")
        guard shortfall(count) == 0 else { return nil }
        defer { offset += count }
        return Array(input[offset..<offset + count])
    }
}
