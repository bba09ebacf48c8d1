import SmartCard

/// What vsmartcard's vpcd driver (inside pcscd) and the card exchange: every message, either
/// way, is `u16 big-endian length | payload` (vpcd.c sendToVICC/recvFromVICC). A one-byte
/// payload from vpcd is a control; anything longer is a command APDU.
enum VpcdProtocol {
    /// The controls of vpcd.h. Only `atr` is answered; power and reset expect no reply.
    enum Control: UInt8 {
        case powerOff = 0x00
        case powerOn = 0x01
        case reset = 0x02
        case atr = 0x04
    }

    /// The largest payload a u16 length can announce.
    static let maxPayload = Int(UInt16.max)
    /// SW 6F00 (ISO 7816-4 §5.6: no precise diagnosis), for a response too long to frame.
    static let unframeable: [UInt8] = [0x6F, 0x00]

    /// A message from vpcd, decoded.
    enum Message: Equatable {
        /// A one-byte payload: a control (or an unknown byte, for the log).
        case control(UInt8)
        case apdu([UInt8])
        /// A zero-length payload, which means nothing.
        case empty
    }

    /// Decodes one `u16 length | payload` message.
    static func decode(_ bytes: [UInt8]) -> Decoded<Message> {
        var reader = FrameReader(bytes)
        guard let length = reader.uint16() else { return .needMore(reader.shortfall(2)) }
        guard let payload = reader.bytes(Int(length)) else { return .needMore(reader.shortfall(Int(length))) }
        switch payload.count {
        case 0: return .frame(.empty)
        case 1: return .frame(.control(payload[0]))
        default: return .frame(.apdu(payload))
        }
    }

    /// `payload` with its length prefix; a payload too long for the prefix becomes 6F00.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        let body = payload.count > maxPayload ? unframeable : payload
        var message: [UInt8] = []
        message.reserveCapacity(body.count + 2)
        message.append(u16: UInt16(body.count))
        message.append(contentsOf: body)
        return message
    }
}

/// The card a `VpcdClient` serves: CardOS, or a test double. Calls arrive one at a time.
public protocol VpcdCard: AnyObject {
    /// A cold reset; returns the ATR.
    func powerOn() -> [UInt8]
    /// One command APDU in, its response APDU out; every failure is a status word.
    func process(_ apdu: [UInt8]) -> [UInt8]
}

extension CardOS: VpcdCard {}
