/// SELECT (ISO/IEC 7816-4 §11.2.2, INS A4): makes a DF or EF current on the channel.
/// P1 00 by FID (3F00 or none: the MF), 01 child DF, 02 EF of the current DF, 03 parent DF,
/// 04 by DF name (a prefix selects partially; P2 b2-b1 00 first, 02 next occurrence),
/// 08 path from the MF, 09 path from the current DF. P2 b4-b3: 00 FCI (6F), 04 FCP (62),
/// 08 FMD (64, empty here), 0C no data. A DF name that starts a hosted application's AID selects
/// the application, which answers for itself (CardApplication.select).
enum SelectCommand {
    /// 6A86 for unknown P1 or P2 bits (or an occurrence other than first outside P1 04),
    /// 6A87 when the data length does not fit P1 (a FID not 2 bytes, an odd path), 6A82 when
    /// nothing matches.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let occurrence = apdu.p2 & 0x03
        let answer = apdu.p2 & 0x0C
        guard apdu.p2 & 0xF0 == 0, occurrence == 0 || occurrence == 2 else { throw .incorrectP1P2 }
        guard occurrence == 0 || apdu.p1 == 0x04 else { throw .incorrectP1P2 }
        if apdu.p1 == 0x04, occurrence == 0,
            let index = card.applications.firstIndex(where: { $0.matches(apdu.data) })
        {
            let response = try card.applications[index].select(apdu, card)
            leaveApplication(for: index, card)
            card.channel.application = index
            card.channel.currentEF = nil
            return response
        }

        let target = try resolve(apdu, occurrence: occurrence, card)
        guard let file = card.state.files.file(at: target) else { throw .fileNotFound }
        leaveApplication(for: nil, card)
        var channel = card.channel
        channel.application = nil
        if file.isDirectory {
            channel.currentDF = target
            channel.currentEF = nil
            if apdu.p1 == 0x04 { channel.selectedByName = target }
        } else {
            channel.currentDF = Array(target.dropLast())
            channel.currentEF = target
        }
        channel.currentRecord = nil
        card.channel = channel

        switch answer {
        case 0x00: return CardResponse(data: BERTLV.encode(0x6F, file.controlParameters))
        case 0x04: return CardResponse(data: BERTLV.encode(0x62, file.controlParameters))
        case 0x08: return CardResponse(data: BERTLV.encode(0x64, []))
        default: return CardResponse()
        }
    }

    /// The channel's application, if `next` is not it, loses its security status.
    private static func leaveApplication(for next: Int?, _ card: CardOS) {
        guard let current = card.channel.application, current != next else { return }
        card.applications[current].leave(card)
    }

    /// The path of the file the command names.
    private static func resolve(_ apdu: CommandAPDU, occurrence: UInt8, _ card: CardOS) throws(StatusWord) -> FilePath {
        let files = card.state.files
        let current = card.channel.currentDF
        switch apdu.p1 {
        case 0x00:
            if apdu.data.isEmpty { return [] }
            let fid = try fileID(apdu.data)
            if fid == CardFileSystem.masterFileID { return [] }
            let parent = Array(current.dropLast())
            let candidates = [current + [fid], current.last == fid ? current : nil, parent + [fid]]
            guard let found = candidates.compactMap({ $0 }).first(where: { files.file(at: $0) != nil }) else {
                throw .fileNotFound
            }
            return found
        case 0x01, 0x02:
            let path = current + [try fileID(apdu.data)]
            guard let file = files.file(at: path), file.isDirectory == (apdu.p1 == 0x01) else { throw .fileNotFound }
            return path
        case 0x03:
            try apdu.requireNoData()
            guard !current.isEmpty else { throw .fileNotFound }
            return Array(current.dropLast())
        case 0x04:
            return try byName(apdu.data, next: occurrence == 2, card)
        case 0x08, 0x09:
            var path = try fileIDs(apdu.data)
            if apdu.p1 == 0x08 {
                if path.first == CardFileSystem.masterFileID { path.removeFirst() }
                return path
            }
            return current + path
        default:
            throw .incorrectP1P2
        }
    }

    /// The DF whose name starts with `prefix`: the first in tree order, or with `next` the
    /// first after the one this channel last selected by name (6A82 when none follows).
    private static func byName(_ prefix: [UInt8], next: Bool, _ card: CardOS) throws(StatusWord) -> FilePath {
        guard !prefix.isEmpty else { return [] }
        guard prefix.count <= 16 else { throw .lengthInconsistentWithP1P2 }
        let matches = card.state.files.namedDirectories().filter { $0.name.starts(with: prefix) }.map(\.path)
        guard next, let previous = card.channel.selectedByName, let index = matches.firstIndex(of: previous) else {
            guard let first = matches.first else { throw .fileNotFound }
            return first
        }
        guard index + 1 < matches.count else { throw .fileNotFound }
        return matches[index + 1]
    }

    private static func fileID(_ data: [UInt8]) throws(StatusWord) -> UInt16 {
        guard data.count == 2 else { throw .lengthInconsistentWithP1P2 }
        return UInt16(data[0]) << 8 | UInt16(data[1])
    }

    private static func fileIDs(_ data: [UInt8]) throws(StatusWord) -> FilePath {
        guard !data.isEmpty, data.count % 2 == 0 else { throw .lengthInconsistentWithP1P2 }
        return stride(from: 0, to: data.count, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
    }
}
