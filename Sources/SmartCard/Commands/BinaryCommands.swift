/// READ BINARY (INS B0) and UPDATE BINARY (INS D6), ISO/IEC 7816-4 §11.3.3 and §11.3.5, on
/// transparent EFs. P1 b8 set: P1 b5-b1 is a short EF identifier and P2 the offset; clear:
/// P1-P2 is a 15-bit offset into the current EF.
enum BinaryCommands {
    /// 6700 without Le; 6986 no current EF; 6A82 unknown short EF id; 6981 not a transparent EF;
    /// 6982 read rule unmet; 6B00 offset beyond the end; 6282 with the bytes there are when a
    /// specific Le asked for more than the file holds after the offset.
    static func read(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard let ne = apdu.ne else { throw .wrongLength }
        try apdu.requireNoData()
        let (offset, shortID) = try addressing(apdu)
        let (_, file) = try card.targetEF(shortID: shortID)
        guard case .transparent(let contents) = file.content else { throw .incompatibleFileStructure }
        try card.require(file.access.read)
        guard offset <= contents.count else { throw .wrongParameters }
        let chunk = Array(contents[offset...].prefix(ne))
        let short = chunk.count < ne && !apdu.asksForAll
        return CardResponse(data: chunk, status: short ? .endOfFileReached : .success)
    }

    /// 6700 with no data; 6986, 6A82, 6981 as READ BINARY; 6982 update rule unmet; 6B00 offset
    /// beyond the end; 6A84 when the data would run past the end of the EF (its size is fixed).
    static func update(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard !apdu.data.isEmpty else { throw .wrongLength }
        let (offset, shortID) = try addressing(apdu)
        let (path, file) = try card.targetEF(shortID: shortID)
        guard case .transparent(var contents) = file.content else { throw .incompatibleFileStructure }
        try card.require(file.access.update)
        guard offset <= contents.count else { throw .wrongParameters }
        guard apdu.data.count <= contents.count - offset else { throw .notEnoughMemoryInFile }
        contents.replaceSubrange(offset..<(offset + apdu.data.count), with: apdu.data)
        card.state.files.update(at: path) { $0.content = .transparent(contents) }
        return CardResponse()
    }

    /// Offset and short EF identifier from P1-P2 (6B00 for a short EF id of 0 or 31, which
    /// name no EF).
    private static func addressing(_ apdu: CommandAPDU) throws(StatusWord) -> (offset: Int, shortID: UInt8?) {
        guard apdu.p1 & 0x80 != 0 else { return (Int(apdu.p1p2), nil) }
        guard apdu.p1 & 0x60 == 0 else { throw .wrongParameters }
        let shortID = apdu.p1 & 0x1F
        guard shortID != 0, shortID != 0x1F else { throw .wrongParameters }
        return (Int(apdu.p2), shortID)
    }
}
