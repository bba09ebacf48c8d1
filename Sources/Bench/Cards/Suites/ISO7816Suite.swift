/// `iso7816`: a card OS core as a terminal sees it through a reader (ISO/IEC 7816-3 and
/// 7816-4). Every case holds for any conforming card: what a card may lack (EF.ATR, extended
/// length, logical channels) is read from the card itself and skipped with the reason.
enum ISO7816Suite {
    static let suite = CardSuite(
        name: "iso7816", application: nil,
        cases: [
            atr, selectMasterFile, selectWithFCP, selectMissingFile, unknownInstruction, invalidClass,
            wrongParameters, wrongLength, noDataWithoutLe, responseWithinLe, getResponseWithinLe, wrongLe,
            extendedLength, logicalChannels, directory, selectByName, selectByPath, pinStatus, wrongPINCounts,
            blockedPINSurvivesPowerLoss,
        ])

    static let success: Set<UInt16> = [0x9000]

    static let atr = CardCase(
        "iso7816.atr", "The ATR is well formed: TS, interface bytes, historical bytes, TCK",
        clause: "ISO/IEC 7816-3 §8.2"
    ) { context in
        _ = try CardATR(context.card.target.atr)
    }

    static let selectMasterFile = CardCase(
        "iso7816.select-mf", "SELECT of the MF by its FID 3F00 succeeds",
        clause: "ISO/IEC 7816-4 §7.1.1, §11.2.2"
    ) { context in
        let answer = try context.card.selectMasterFile()
        if answer.sw == 0x6A82 {
            throw CaseSkip("the card has no MF (an application-only card): SELECT 3F00 answered 6A82")
        }
        try context.expect(answer, success, "SELECT 3F00 with P2 0C")
    }

    static let selectWithFCP = CardCase(
        "iso7816.select-fcp", "SELECT asking for the FCP answers an FCP template (62)",
        clause: "ISO/IEC 7816-4 §7.4.1, Table 39"
    ) { context in
        let answer = try context.card.send(CardCommand(ins: 0xA4, p2: 0x04, data: [0x3F, 0x00], ne: 256))
        if [0x6A86, 0x6A81, 0x6A82].contains(answer.sw) {
            throw CaseSkip("the card does not return an FCP for the MF (SW \(answer.status))")
        }
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("SELECT 3F00 with P2 04 answered \(answer.status), not 9000 or 61xx")
        }
        let data = try context.card.following(answer, ne: 256)
        guard data.first == 0x62, BenchTLV.isSingleObject(data) else {
            throw CaseFailure("the FCP is not one BER-TLV object with tag 62: \(CardTranscript.hex(data))")
        }
    }

    static let selectMissingFile = CardCase(
        "iso7816.select-missing", "SELECT of a file the card does not have answers 6A82",
        clause: "ISO/IEC 7816-4 §5.6, Table 6; §11.2.2"
    ) { context in
        try context.expect(
            context.card.send(CardCommand(ins: 0xA4, p2: 0x0C, data: [0x7E, 0xED])), [0x6A82],
            "SELECT of FID 7EED")
    }

    static let unknownInstruction = CardCase(
        "iso7816.unknown-ins", "An instruction the card does not know answers 6D00",
        clause: "ISO/IEC 7816-4 §5.6, Table 6"
    ) { context in
        try context.expect(context.card.send(CardCommand(ins: 0x02)), [0x6D00], "INS 02 (not assigned)")
    }

    static let invalidClass = CardCase(
        "iso7816.unknown-cla", "A class reserved for future use (20) answers 6E00",
        clause: "ISO/IEC 7816-4 §5.4.1 Table 2, §5.6 Table 6"
    ) { context in
        // Not FF: PC/SC readers take CLA FF as commands to the reader itself (PC/SC Part 3).
        try context.expect(
            context.card.send(CardCommand.selectMasterFile(cla: 0x20)), [0x6E00], "CLA 20")
    }

    static let wrongParameters = CardCase(
        "iso7816.wrong-p1p2", "SELECT with a P1 the standard does not define answers 6A86 or 6B00",
        clause: "ISO/IEC 7816-4 §11.2.2 Table 63; §5.6 Table 6"
    ) { context in
        try context.expect(
            context.card.send(CardCommand(ins: 0xA4, p1: 0x10, p2: 0x0C, data: [0x3F, 0x00])), [0x6A86, 0x6B00],
            "SELECT with P1 10")
    }

    static let wrongLength = CardCase(
        "iso7816.wrong-length", "A command whose Lc disagrees with its data answers 6700",
        clause: "ISO/IEC 7816-4 §5.1, §5.6 Table 6"
    ) { context in
        // On T=0 the card would wait for the third byte the header announced (7816-3 §10.3).
        try context.card.skipOnT0("on T=0 a command shorter than its Lc leaves the card waiting for the rest")
        // Lc says three bytes; two follow.
        try context.expect(
            context.card.send([0x00, 0xA4, 0x00, 0x0C, 0x03, 0x3F, 0x00]), [0x6700], "Lc 03 with two bytes")
    }

    static let noDataWithoutLe = CardCase(
        "iso7816.no-le-no-data", "A command without Le gets no response data (Ne = 0): 9000 or 61xx",
        clause: "ISO/IEC 7816-4 §5.1 (Ne), §5.3.4"
    ) { context in
        // On T=0 the reader may fetch a 61xx answer itself and hand over data the card never sent unasked.
        try context.card.skipOnT0("on T=0 the reader may fetch waiting response bytes itself")
        // SELECT MF with P2 00 asks for the FCI, but without Le the card may send none now.
        let answer = try context.card.send(CardCommand(ins: 0xA4, data: [0x3F, 0x00]))
        if [0x6A86, 0x6A81, 0x6A82].contains(answer.sw) {
            throw CaseSkip("the card returns no FCI for the MF (SW \(answer.status))")
        }
        guard answer.data.isEmpty else {
            throw CaseFailure("SELECT without Le returned \(answer.data.count) data bytes; Ne is 0")
        }
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("SELECT 3F00 with P2 00 answered \(answer.status), not 9000 or 61xx")
        }
    }

    static let responseWithinLe = CardCase(
        "iso7816.le-bounded", "READ BINARY never returns more than Ne bytes",
        clause: "ISO/IEC 7816-4 §5.1 (Ne), §11.3.3"
    ) { context in
        try context.card.selectTransparentEF(context)
        for ne in [1, 2, 5] {
            let answer = try context.card.send(CardCommand(ins: 0xB0, ne: ne))
            // On T=0 a card may ask for the exact length instead (6Cxx): never more than Ne either.
            if answer.sw1 == 0x6C { continue }
            try context.expect(answer, [0x9000, 0x6282], "READ BINARY with Le \(ne)")
            guard answer.data.count <= ne else {
                throw CaseFailure("READ BINARY with Le \(ne) returned \(answer.data.count) bytes")
            }
        }
    }

    static let getResponseWithinLe = CardCase(
        "iso7816.get-response", "GET RESPONSE returns at most Ne of the waiting bytes, then 61xx for the rest",
        clause: "ISO/IEC 7816-4 §5.3.4, §11.8"
    ) { context in
        let answer = try context.card.send(CardCommand(ins: 0xA4, data: [0x3F, 0x00]))
        guard answer.sw1 == 0x61 else {
            throw CaseSkip(
                "the card leaves no response waiting after SELECT without Le (SW \(answer.status))")
        }
        // 6100: 256 bytes or more wait; the counts below are then lower bounds.
        let atLeast = answer.sw2 == 0
        let waiting = atLeast ? 256 : Int(answer.sw2)
        guard waiting > 1 else { throw CaseSkip("only one byte waits; there is nothing to split") }
        let first = try context.card.send(CardCommand(ins: 0xC0, ne: 1))
        if first.sw1 == 0x6C {
            throw CaseSkip("the card asks for the exact length (6Cxx) rather than splitting its answer")
        }
        guard first.data.count == 1, first.sw1 == 0x61 else {
            throw CaseFailure(
                "GET RESPONSE with Le 1 of \(waiting) waiting bytes answered \(first); 1 byte and 61xx expected")
        }
        let left = first.sw2 == 0 ? 256 : Int(first.sw2)
        // After one of 256 or more, 255 or 256 or more still wait (61FF or 6100).
        guard atLeast ? left >= 255 : left == waiting - 1 else {
            throw CaseFailure(
                "after 1 of \(atLeast ? "256 or more" : "\(waiting)") bytes, GET RESPONSE says \(left) wait")
        }
        let rest = try context.card.send(CardCommand(ins: 0xC0, ne: left))
        guard rest.data.count == left, rest.sw == 0x9000 || (atLeast && rest.sw1 == 0x61) else {
            throw CaseFailure("GET RESPONSE of the \(left) bytes said to wait answered \(rest)")
        }
    }

    static let wrongLe = CardCase(
        "iso7816.wrong-le",
        "A read past the end of a file answers fewer bytes with 6282, or 6Cxx with the exact length",
        clause: "ISO/IEC 7816-4 §5.6 Table 5 and 6; §11.3.3"
    ) { context in
        try context.card.selectTransparentEF(context)
        // The file's length, learnt from a read of everything a short Le allows.
        let whole = try context.card.read(CardCommand(ins: 0xB0, ne: 256))
        try context.expect(whole, [0x9000, 0x6282], "READ BINARY with Le 00")
        let length = whole.data.count
        guard length < 256 else {
            throw CaseSkip("EF.ATR/INFO is 256 bytes or more: a short read does not pass its end")
        }
        // One byte past the end: fewer bytes with 6282, or 6C with the exact length.
        let past = try context.card.send(CardCommand(ins: 0xB0, ne: length + 1))
        switch past.sw {
        case 0x6282:
            guard past.data.count == length else {
                throw CaseFailure("reading \(length + 1) of \(length) bytes returned \(past.data.count) with 6282")
            }
        case let sw where sw >> 8 == 0x6C:
            guard Int(sw & 0xFF) == length else {
                throw CaseFailure(
                    "reading \(length + 1) of \(length) bytes answered \(String(format: "%04X", sw)), not 6C\(String(format: "%02X", length))"
                )
            }
        default:
            throw CaseFailure(
                "reading \(length + 1) bytes of a \(length)-byte file answered \(past), not 6282 with \(length) bytes or 6C\(String(format: "%02X", length))"
            )
        }
    }

    static let extendedLength = CardCase(
        "iso7816.extended-length", "Extended Lc and Le work where the card announces them",
        clause: "ISO/IEC 7816-4 §5.1; §12.1.1.11 Table 117"
    ) { context in
        let atr = try CardATR(context.card.target.atr)
        guard atr.takesExtendedLength else {
            throw CaseSkip("the card's historical bytes do not announce extended Lc and Le fields")
        }
        try context.card.skipOnT0("T=0 carries no extended APDU without ENVELOPE")
        try context.expect(
            context.card.send(CardCommand.selectMasterFile(extended: true)), success,
            "SELECT 3F00 with an extended Lc")
        try context.card.selectTransparentEF(context)
        let answer = try context.card.send(CardCommand(ins: 0xB0, ne: 65_536, extended: true))
        try context.expect(answer, [0x9000, 0x6282], "READ BINARY with an extended Le of 0000")
        let short = try context.card.send(CardCommand(ins: 0xB0, ne: 256))
        try context.expect(short, [0x9000, 0x6282], "READ BINARY with a short Le of 00")
        guard answer.data.count >= short.data.count else {
            throw CaseFailure(
                "an extended Le read \(answer.data.count) bytes, fewer than a short one (\(short.data.count))")
        }
    }

    static let logicalChannels = CardCase(
        "iso7816.channels", "MANAGE CHANNEL opens a channel with its own selection, and closes it",
        clause: "ISO/IEC 7816-4 §5.4.2, §11.1.2"
    ) { context in
        let atr = try CardATR(context.card.target.atr)
        guard atr.logicalChannels > 1 else {
            throw CaseSkip("the card's historical bytes announce no logical channel beyond the basic one")
        }
        // Whatever happens after a channel opened, the clean-up closes it (once).
        var openChannel: UInt8?
        context.onCleanup {
            if let open = openChannel { _ = try? context.card.send(CardCommand(ins: 0x70, p1: 0x80, p2: open)) }
        }
        let channel: UInt8
        if atr.cardAssignsChannels {
            let opened = try context.card.send(CardCommand(ins: 0x70, p1: 0x00, p2: 0x00, ne: 1))
            try context.expect(opened, success, "MANAGE CHANNEL open")
            if opened.data.count == 1 { openChannel = opened.data[0] }
            guard opened.data.count == 1, (1..<atr.logicalChannels).contains(Int(opened.data[0])) else {
                throw CaseFailure(
                    "MANAGE CHANNEL open returned \(CardTranscript.hex(opened.data)), not one channel number below \(atr.logicalChannels)"
                )
            }
            channel = opened.data[0]
        } else {
            // The card lets the terminal number channels: open channel 1 by name (P2 01, no Le).
            try context.expect(
                context.card.send(CardCommand(ins: 0x70, p1: 0x00, p2: 0x01)), success, "MANAGE CHANNEL open of 1")
            channel = 1
            openChannel = 1
        }
        // Channels 1 to 3 go in CLA bits 1-2; 4 to 19 in the further interindustry class (§5.4.1).
        let cla: UInt8 = channel < 4 ? channel : 0x40 | (channel - 4)
        try context.expect(
            context.card.send(CardCommand.selectMasterFile(cla: cla)), success,
            "SELECT 3F00 on channel \(channel)")
        try context.expect(
            context.card.send(CardCommand(ins: 0x70, p1: 0x80, p2: channel)), success,
            "MANAGE CHANNEL close of \(channel)")
        openChannel = nil
        let closed = try context.card.send(CardCommand.selectMasterFile(cla: cla))
        try context.expect(closed, [0x6881, 0x6A81, 0x6E00], "SELECT on the closed channel \(channel)")
    }
}

extension ISO7816Suite {
    static let directory = CardCase(
        "iso7816.ef-dir", "EF.DIR's records are application templates (61) naming an AID (4F)",
        clause: "ISO/IEC 7816-4 §8.2.1.1, §11.4.3"
    ) { context in
        _ = try context.card.applicationsInDirectory(context)
    }

    static let selectByName = CardCase(
        "iso7816.select-by-name", "Each application EF.DIR lists is selected by its DF name",
        clause: "ISO/IEC 7816-4 §8.2.1.1, §11.2.2 (P1 04)"
    ) { context in
        let aids = try context.card.applicationsInDirectory(context)
        guard !aids.isEmpty else { throw CaseSkip("EF.DIR lists no application") }
        for aid in aids {
            let answer = try context.card.send(CardCommand(ins: 0xA4, p1: 0x04, p2: 0x0C, data: aid))
            try context.expect(answer, success, "SELECT by DF name \(CardTranscript.hex(aid))")
        }
    }

    static let selectByPath = CardCase(
        "iso7816.select-by-path", "SELECT by path from the MF reaches EF.DIR",
        clause: "ISO/IEC 7816-4 §7.1.1, §11.2.2 (P1 08)"
    ) { context in
        let byFID = try context.card.send(CardCommand(ins: 0xA4, p2: 0x0C, data: [0x2F, 0x00]))
        if byFID.sw == 0x6A82 { throw CaseSkip("the card has no EF.DIR (2F00) to reach") }
        try context.card.selectMasterFile()
        let answer = try context.card.send(CardCommand(ins: 0xA4, p1: 0x08, p2: 0x0C, data: [0x2F, 0x00]))
        if answer.sw == 0x6A86 || answer.sw == 0x6A81 {
            throw CaseSkip("the card does not select by path (SW \(answer.status))")
        }
        try context.expect(answer, success, "SELECT by path 2F00 from the MF")
    }
}

extension BenchCard {
    /// Skips the case on a T=0 link, for `reason`; in-process and T=1 cards take it.
    func skipOnT0(_ reason: String) throws {
        if target.transmissionProtocol == 0 { throw CaseSkip(reason) }
    }

    /// The AIDs EF.DIR (2F00) lists, each record checked to be an application template 61
    /// holding an application identifier 4F; skips the case when the card has no EF.DIR.
    func applicationsInDirectory(_ context: CardCaseContext) throws -> [[UInt8]] {
        let selected = try send(CardCommand(ins: 0xA4, p2: 0x0C, data: [0x2F, 0x00]))
        if selected.sw == 0x6A82 { throw CaseSkip("the card has no EF.DIR (2F00)") }
        try context.expect(selected, [0x9000], "SELECT of EF.DIR 2F00")
        var templates: [(where: String, bytes: [UInt8])] = []
        // Records are numbered from 1 (P2 04: record P1 of the current EF); 6A83 ends the file.
        for record in 1...254 {
            let answer = try read(CardCommand(ins: 0xB2, p1: UInt8(record), p2: 0x04, ne: 256))
            if answer.sw == 0x6A83 || (record > 1 && answer.sw == 0x6282) { break }
            if record == 1 && answer.sw == 0x6981 {
                // A transparent EF.DIR: the templates follow one another in its data.
                let whole = try read(CardCommand(ins: 0xB0, ne: 256))
                try context.expect(whole, [0x9000, 0x6282], "READ BINARY of a transparent EF.DIR")
                guard let objects = BenchTLV.objects(whole.data) else {
                    throw CaseFailure("EF.DIR is not a sequence of BER-TLV objects: \(CardTranscript.hex(whole.data))")
                }
                templates = objects.map { ("EF.DIR", $0) }
                break
            }
            try context.expect(answer, [0x9000], "READ RECORD \(record) of EF.DIR")
            // 00 and FF pad a record around its object (7816-4 §5.2.2.1).
            guard let objects = BenchTLV.objects(answer.data), objects.count == 1 else {
                throw CaseFailure(
                    "EF.DIR record \(record) is not one BER-TLV object: \(CardTranscript.hex(answer.data))")
            }
            templates.append(("EF.DIR record \(record)", objects[0]))
        }
        return try templates.map { template throws -> [UInt8] in
            guard template.bytes.first == 0x61, let aid = BenchTLV.child(0x4F, of: template.bytes) else {
                throw CaseFailure(
                    "\(template.where) is not an application template 61 with a 4F: \(CardTranscript.hex(template.bytes))"
                )
            }
            // A registered AID (RID first) has at least its 5-byte RID; a proprietary one (first
            // nibble F) may be shorter; none is longer than 16 bytes (ISO/IEC 7816-5).
            let proprietary = (aid.first ?? 0) >> 4 == 0xF
            guard aid.count <= 16, aid.count >= (proprietary ? 1 : 5) else {
                throw CaseFailure("\(template.where) names an AID of \(aid.count) bytes (ISO/IEC 7816-5)")
            }
            return aid
        }
    }

    /// Sends a read, and when a T=0 card answers 6Cxx (wrong Le, xx the right one) sends it again
    /// with that Le, as a T=0 reader driver does.
    func read(_ command: CardCommand) throws -> CardAnswer {
        let answer = try send(command)
        guard answer.sw1 == 0x6C else { return answer }
        var again = command
        again.ne = answer.sw2 == 0 ? 256 : Int(answer.sw2)
        return try send(again)
    }

    /// The data of `answer` with what waits behind 61xx fetched by GET RESPONSE (as a T=0
    /// reader driver does), at most `ne` bytes in all.
    func following(_ answer: CardAnswer, ne: Int) throws -> [UInt8] {
        var data = answer.data
        var last = answer
        // A card that keeps saying 61xx without sending anything is not followed forever.
        for _ in 0..<256 where last.sw1 == 0x61 && data.count < ne {
            let waiting = last.sw2 == 0 ? 256 : Int(last.sw2)
            last = try read(CardCommand(ins: 0xC0, ne: min(waiting, ne - data.count)))
            guard !last.data.isEmpty || last.sw1 != 0x61 else {
                throw CaseFailure("GET RESPONSE answered \(last) with no data while saying more waits")
            }
            data += last.data
        }
        // 9000, more waiting, or a warning (62xx, 63xx) with the data.
        guard last.sw == 0x9000 || last.sw1 == 0x61 || last.sw1 == 0x62 || last.sw1 == 0x63 else {
            throw CaseFailure("the card answered \(last.status) to GET RESPONSE")
        }
        return data
    }

    /// Selects a transparent EF under the MF to read: EF.ATR/INFO (2F01, 7816-4 §8.2.1.1);
    /// skips the case when the card has none.
    func selectTransparentEF(_ context: CardCaseContext) throws {
        let answer = try send(CardCommand(ins: 0xA4, p1: 0x00, p2: 0x0C, data: [0x2F, 0x01]))
        if answer.sw == 0x6A82 { throw CaseSkip("the card has no EF.ATR/INFO (2F01) to read") }
        // EF.ATR/INFO may be protected (security status, conditions of use).
        if [0x6982, 0x6985, 0x6986].contains(answer.sw) {
            throw CaseSkip("EF.ATR/INFO (2F01) cannot be selected now (SW \(answer.status))")
        }
        try context.expect(answer, [0x9000], "SELECT of EF.ATR/INFO 2F01")
    }
}
