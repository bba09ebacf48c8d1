/// A command APDU (ISO/IEC 7816-4 §5.1): header, optional data (Lc) and optional expected
/// length (Le), in short or extended form.
public struct CommandAPDU: Equatable, Sendable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public var data: [UInt8]
    /// Ne, the maximum response length: nil when Le is absent; a 00 (short) or 0000 (extended)
    /// Le reads as 256 or 65536.
    public var ne: Int?
    /// Whether Lc/Le were (or will be) encoded in extended form.
    public var isExtended: Bool

    /// A command APDU from its fields.
    /// - Parameters:
    ///   - cla: the class byte (CLA).
    ///   - ins: the instruction byte (INS).
    ///   - p1: the first parameter byte (P1).
    ///   - p2: the second parameter byte (P2).
    ///   - data: the command data field (Nc bytes, encoded as Lc); empty for none.
    ///   - ne: Ne, the maximum response length; nil when there is no Le.
    ///   - extended: whether Lc/Le use extended form; nil chooses it when `data` exceeds 255 bytes
    ///     or `ne` exceeds 256.
    public init(
        cla: UInt8 = 0, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], ne: Int? = nil, extended: Bool? = nil
    ) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.ne = ne
        isExtended = extended ?? (data.count > 255 || (ne ?? 0) > 256)
    }

    /// P1-P2 as one number, as offsets and references are read.
    var p1p2: UInt16 { UInt16(p1) << 8 | UInt16(p2) }

    /// Whether Le asked for "as much as there is" (00 or 0000) rather than a specific count.
    var asksForAll: Bool { ne == (isExtended ? 65536 : 256) }

    /// Parses the four cases of §5.1 (Table 1) in short and extended form. Any other length
    /// is 6700: a 6-byte APDU with B1 = 00, an extended Lc of zero, or bytes that do not add up.
    /// - Parameter bytes: the whole command APDU as received.
    /// - Returns: the APDU with its header, data, Ne and form.
    /// - Throws: `StatusWord.wrongLength` (6700) when the length fits none of the cases.
    public static func parse(_ bytes: [UInt8]) throws(StatusWord) -> CommandAPDU {
        guard bytes.count >= 4 else { throw .wrongLength }
        var apdu = CommandAPDU(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3], extended: false)
        let body = Array(bytes.dropFirst(4))
        guard let b1 = body.first else { return apdu }  // case 1
        if body.count == 1 {  // case 2S
            apdu.ne = b1 == 0 ? 256 : Int(b1)
            return apdu
        }
        if b1 != 0 {  // cases 3S, 4S
            let lc = Int(b1)
            switch body.count {
            case 1 + lc: apdu.data = Array(body[1...])
            case 2 + lc:
                apdu.data = Array(body[1...lc])
                apdu.ne = body[lc + 1] == 0 ? 256 : Int(body[lc + 1])
            default: throw .wrongLength
            }
            return apdu
        }
        apdu.isExtended = true
        guard body.count >= 3 else { throw .wrongLength }
        let field = Int(body[1]) << 8 | Int(body[2])
        if body.count == 3 {  // case 2E
            apdu.ne = field == 0 ? 65536 : field
            return apdu
        }
        guard field != 0 else { throw .wrongLength }
        switch body.count {  // cases 3E, 4E
        case 3 + field: apdu.data = Array(body[3...])
        case 5 + field:
            apdu.data = Array(body[3..<(3 + field)])
            let le = Int(body[3 + field]) << 8 | Int(body[4 + field])
            apdu.ne = le == 0 ? 65536 : le
        default: throw .wrongLength
        }
        return apdu
    }

    /// The bytes of this APDU in its form (short or extended).
    public var bytes: [UInt8] {
        var out = [cla, ins, p1, p2]
        if isExtended {
            if !data.isEmpty { out += [0, UInt8(data.count >> 8 & 0xFF), UInt8(data.count & 0xFF)] + data }
            if let ne {
                if data.isEmpty { out.append(0) }
                out += [UInt8(ne >> 8 & 0xFF), UInt8(ne & 0xFF)]
            }
        } else {
            if !data.isEmpty { out += [UInt8(data.count)] + data }
            if let ne { out.append(UInt8(ne & 0xFF)) }
        }
        return out
    }
}
