/// An answer-to-reset read as a terminal reads it (ISO/IEC 7816-3 §8.2): TS, T0, the
/// interface bytes, the historical bytes and TCK; and from the historical bytes (ISO/IEC
/// 7816-4 §12.1.1) the card capabilities a suite decides by.
struct CardATR {
    let bytes: [UInt8]
    /// The protocols the interface bytes offer (T=0 when none is named).
    let protocols: [Int]
    let historicalBytes: [UInt8]
    /// The check byte; nil when the ATR has none.
    let tck: UInt8?

    /// Parses `bytes`; a sentence names the first rule they break.
    init(_ bytes: [UInt8]) throws(CaseFailure) {
        self.bytes = bytes
        guard bytes.count >= 2 else { throw CaseFailure("the ATR has \(bytes.count) bytes; TS and T0 are two") }
        guard bytes[0] == 0x3B || bytes[0] == 0x3F else {
            throw CaseFailure(
                "TS is \(CardTranscript.hex(bytes[0])): it must be 3B (direct convention) or 3F (inverse) (7816-3 §8.1)"
            )
        }
        let historicalCount = Int(bytes[1] & 0x0F)
        var protocols: [Int] = []
        var index = 2
        // The high nibble of T0, then of each TDi, says which of TAi, TBi, TCi, TDi follow.
        var present = bytes[1] >> 4
        while true {
            for bit: UInt8 in [0x1, 0x2, 0x4] where present & bit != 0 {
                guard index < bytes.count else {
                    throw CaseFailure("the ATR ends inside its interface bytes (7816-3 §8.2.3)")
                }
                index += 1
            }
            guard present & 0x8 != 0 else { break }
            guard index < bytes.count else {
                throw CaseFailure("the ATR ends inside its interface bytes (7816-3 §8.2.3)")
            }
            protocols.append(Int(bytes[index] & 0x0F))
            present = bytes[index] >> 4
            index += 1
        }
        guard index + historicalCount <= bytes.count else {
            throw CaseFailure("T0 announces \(historicalCount) historical bytes; the ATR has room for fewer")
        }
        historicalBytes = Array(bytes[index..<index + historicalCount])
        index += historicalCount
        self.protocols = protocols.isEmpty ? [0] : protocols
        // TCK is present unless T=0 is the only protocol offered (7816-3 §8.2.5).
        let needsTCK = self.protocols.contains { $0 != 0 }
        if needsTCK {
            guard index == bytes.count - 1 else {
                throw CaseFailure("a card offering T=\(self.protocols.filter { $0 != 0 }[0]) must end its ATR with TCK")
            }
            tck = bytes[index]
            let check = bytes[1...].reduce(0, ^)
            guard check == 0 else {
                throw CaseFailure(
                    "TCK is \(CardTranscript.hex(bytes[index])): T0 through TCK XOR to \(CardTranscript.hex(check)), not 00"
                )
            }
        } else {
            guard index == bytes.count else {
                throw CaseFailure(
                    "the ATR has \(bytes.count - index) bytes after its historical bytes and no TCK is due")
            }
            tck = nil
        }
    }

    /// The card capabilities data object (compact-TLV tag 7, 7816-4 §12.1.1.11): up to three
    /// software function tables; nil when the historical bytes carry none.
    var cardCapabilities: [UInt8]? {
        guard let first = historicalBytes.first, first == 0x00 || first == 0x80 else { return nil }
        var index = 1
        // Category 00 ends with three status bytes that are not compact-TLV.
        let end = first == 0x00 ? historicalBytes.count - 3 : historicalBytes.count
        while index < end {
            let tag = historicalBytes[index] >> 4
            let length = Int(historicalBytes[index] & 0x0F)
            guard index + 1 + length <= end else { return nil }
            if tag == 0x7 { return Array(historicalBytes[index + 1..<index + 1 + length]) }
            index += 1 + length
        }
        return nil
    }

    /// The third software function table (7816-4 Table 117), where a card says it chains
    /// commands, takes extended lengths and opens logical channels.
    private var thirdTable: UInt8? { cardCapabilities.flatMap { $0.count >= 3 ? $0[2] : nil } }

    var chainsCommands: Bool { (thirdTable ?? 0) & 0x80 != 0 }
    var takesExtendedLength: Bool { (thirdTable ?? 0) & 0x40 != 0 }
    /// The logical channels the card takes, the basic one included: 1 unless the card announces
    /// channel assignment (b5 by the card, b4 by the interface device); b3-b1 say how many
    /// (y + 1; 111 means 8 or more, so up to the 20 channel numbers of 7816-4 §5.4.1).
    var logicalChannels: Int {
        guard let table = thirdTable, table & 0x18 != 0 else { return 1 }
        let count = Int(table & 0x07)
        return count == 7 ? 20 : count + 1
    }

    /// The card numbers the channels MANAGE CHANNEL opens (b5); otherwise the terminal names them.
    var cardAssignsChannels: Bool { (thirdTable ?? 0) & 0x10 != 0 }

}
