/// READ RECORD (INS B2), UPDATE RECORD (INS DC) and APPEND RECORD (INS E2), ISO/IEC 7816-4
/// §11.4, on linear-fixed and linear-variable EFs. P2 b8-b4 is a short EF identifier (0: the
/// current EF); b3-b1 100 names record P1 (00: the current record), and READ RECORD also
/// takes 101, records P1 to the last.
enum RecordCommands {
    /// 6700 without Le; 6A86 for other P2 b3-b1; 6986, 6A82 as the target EF; 6981 not a
    /// record EF; 6982 read rule unmet; 6A83 no such record (or no current one); 6Cxx when a
    /// specific short Le differs from the one record's length (xx: that length).
    static func read(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard let ne = apdu.ne else { throw .wrongLength }
        try apdu.requireNoData()
        let mode = apdu.p2 & 0x07
        guard mode == 0x04 || mode == 0x05 else { throw .incorrectP1P2 }
        let (_, file, records) = try recordEF(apdu, card)
        try card.require(file.access.read)
        let number = try recordNumber(apdu.p1, card, count: records.count)
        card.channel.currentRecord = number
        guard mode == 0x04 else {
            return CardResponse(data: Array(records[(number - 1)...].joined()))
        }
        let record = records[number - 1]
        if !apdu.isExtended, !apdu.asksForAll, ne != record.count { throw .exactLength(record.count) }
        return CardResponse(data: record)
    }

    /// 6A86 for P2 b3-b1 other than 100; 6700 for data of the wrong size (a linear-fixed
    /// record's size, 1…max for a linear-variable EF); 6982 update rule unmet; 6A83 no such record.
    static func update(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 & 0x07 == 0x04 else { throw .incorrectP1P2 }
        let (path, file, records) = try recordEF(apdu, card)
        try card.require(file.access.update)
        try checkSize(apdu.data, file)
        let number = try recordNumber(apdu.p1, card, count: records.count)
        var changed = records
        changed[number - 1] = apdu.data
        card.state.files.update(at: path) { $0.content = replacing(file.content, records: changed) }
        card.channel.currentRecord = number
        return CardResponse()
    }

    /// 6A86 unless P1 is 00 and P2 b3-b1 000; 6700 wrong size; 6982 update rule unmet; 6A84
    /// when the EF already holds its maximum number of records.
    static func append(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0, apdu.p2 & 0x07 == 0 else { throw .incorrectP1P2 }
        let (path, file, records) = try recordEF(apdu, card)
        try card.require(file.access.update)
        try checkSize(apdu.data, file)
        switch file.content {
        case .linearFixed(_, _, let maxRecords), .linearVariable(_, _, let maxRecords):
            guard records.count < maxRecords else { throw .notEnoughMemoryInFile }
        default: throw .incompatibleFileStructure
        }
        card.state.files.update(at: path) { $0.content = replacing(file.content, records: records + [apdu.data]) }
        card.channel.currentRecord = records.count + 1
        return CardResponse()
    }

    private static func recordEF(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> (
        FilePath, CardFile, [[UInt8]]
    ) {
        let shortID = apdu.p2 >> 3
        guard shortID != 0x1F else { throw .incorrectP1P2 }
        let (path, file) = try card.targetEF(shortID: shortID == 0 ? nil : shortID)
        guard let records = file.records else { throw .incompatibleFileStructure }
        return (path, file, records)
    }

    /// Record P1, or the channel's current record for P1 = 00; 6A83 when it does not exist.
    private static func recordNumber(_ p1: UInt8, _ card: CardOS, count: Int) throws(StatusWord) -> Int {
        let number = p1 == 0 ? card.channel.currentRecord : Int(p1)
        guard let number, number >= 1, number <= count else { throw .recordNotFound }
        return number
    }

    private static func checkSize(_ data: [UInt8], _ file: CardFile) throws(StatusWord) {
        switch file.content {
        case .linearFixed(_, let size, _): guard data.count == size else { throw .wrongLength }
        case .linearVariable(_, let size, _): guard (1...size).contains(data.count) else { throw .wrongLength }
        default: throw .incompatibleFileStructure
        }
    }

    private static func replacing(_ content: CardFile.Content, records: [[UInt8]]) -> CardFile.Content {
        switch content {
        case .linearFixed(_, let size, let max): .linearFixed(records: records, recordSize: size, maxRecords: max)
        case .linearVariable(_, let size, let max):
            .linearVariable(records: records, maxRecordSize: size, maxRecords: max)
        default: content
        }
    }
}
