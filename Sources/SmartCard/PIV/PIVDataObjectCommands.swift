/// GET DATA (INS CB) and PUT DATA (INS DB) of SP 800-73-4 Part 2 §3.1.2 and §3.2.2: P1-P2
/// 3F FF, the object named by a tag list 5C. GET DATA answers the object as stored (53, or 7E
/// for discovery); PUT DATA takes 5C then the 53 to store, after the management key.
enum PIVDataObjectCommands {
    /// 6A86 P1-P2 not 3FFF; 6A80 data that is not 5C with a 1–3 byte tag; 6A82 an object not
    /// on the card (or a tag PIV does not define); 6982 a PIN-protected object before VERIFY.
    static func getData(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0x3FFF else { throw .incorrectP1P2 }
        guard let list = BERTLV.parse(apdu.data), list.count == 1, list[0].tag == 0x5C,
            let tag = PIVObjects.tag(fromList: list[0].value)
        else { throw .incorrectData }
        guard let object = card.piv.objects[tag] else { throw .fileNotFound }
        if PIVObjects.pinProtected.contains(tag) { try card.requirePIVPIN() }
        return CardResponse(data: object)
    }

    /// Stores or, with an empty 53, deletes the object. 6A86 P1-P2; 6A80 data not 5C + 53, or a
    /// tag PIV does not define; 6982 without the management key. The discovery object is the
    /// card's own: 6A81 (function not supported) for writes to it.
    static func putData(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0x3FFF else { throw .incorrectP1P2 }
        guard let parts = BERTLV.parse(apdu.data), parts.count == 2, parts[0].tag == 0x5C, parts[1].tag == 0x53,
            let tag = PIVObjects.tag(fromList: parts[0].value), PIVObjects.isKnown(tag)
        else { throw .incorrectData }
        guard tag != PIVObjects.discovery else { throw .functionNotSupported }
        try card.requirePIVManagementKey()
        card.piv.objects[tag] = parts[1].value.isEmpty ? nil : BERTLV.encode(0x53, parts[1].value)
        return CardResponse()
    }
}
