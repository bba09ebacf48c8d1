/// The PIN cases of `iso7816` (ISO/IEC 7816-4 §11.5.6 VERIFY): they need the PINs the card was
/// given (`--card-pin REF=VALUE`: P2 reference and value), and skip without them.
extension ISO7816Suite {
    static let pinStatus = CardCase(
        "iso7816.pin-status", "VERIFY without data answers the tries left (63Cx), or 9000 when verified",
        clause: "ISO/IEC 7816-4 §11.5.6"
    ) { context in
        for (reference, _) in try context.card.knownPINs() {
            let answer = try context.card.send(CardCommand(ins: 0x20, p2: reference))
            guard answer.sw == 0x9000 || answer.sw & 0xFFF0 == 0x63C0, answer.data.isEmpty else {
                throw CaseFailure(
                    "VERIFY of PIN \(CardTranscript.hex(reference)) without data answered \(answer), not 63Cx or 9000")
            }
        }
    }

    static let wrongPINCounts = CardCase(
        "iso7816.pin-wrong", "A wrong PIN spends one try (63Cx one lower); the right one verifies",
        clause: "ISO/IEC 7816-4 §11.5.6, §5.6 Table 5"
    ) { context in
        for (reference, value) in try context.card.knownPINs() {
            let before = try context.card.triesLeft(reference)
            // The last try is not spent here: a blocked PIN is for the destructive case.
            guard before >= 2 else {
                throw CaseSkip("PIN \(CardTranscript.hex(reference)) has \(before) tries left; this case needs 2")
            }
            let wrong = try context.card.send(CardCommand(ins: 0x20, p2: reference, data: wrongValue(value)))
            guard wrong.sw == 0x63C0 | UInt16(before - 1) else {
                throw CaseFailure(
                    "a wrong PIN \(CardTranscript.hex(reference)) with \(before) tries left answered \(wrong), not 63C\(before - 1)"
                )
            }
            try context.expect(
                context.card.send(CardCommand(ins: 0x20, p2: reference, data: value)), [0x9000],
                "VERIFY of PIN \(CardTranscript.hex(reference)) with its value")
        }
    }

    static let blockedPINSurvivesPowerLoss = CardCase(
        "iso7816.pin-blocked", "A PIN blocked by wrong values stays blocked across a power cycle",
        clause: "ISO/IEC 7816-4 §11.5.6, §5.6 Table 6 (6983)", needs: [.destructive, .powerCycle]
    ) { context in
        let (reference, value) = try context.card.knownPINs()[0]
        var tries = try context.card.triesLeft(reference)
        while tries > 0 {
            let wrong = try context.card.send(CardCommand(ins: 0x20, p2: reference, data: wrongValue(value)))
            guard wrong.sw & 0xFFF0 == 0x63C0, Int(wrong.sw & 0x0F) < tries else {
                throw CaseFailure(
                    "a wrong PIN \(CardTranscript.hex(reference)) with \(tries) tries left answered \(wrong)")
            }
            tries = Int(wrong.sw & 0x0F)
        }
        try context.card.powerCycle()
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: reference, data: value)), [0x6983],
            "VERIFY of the blocked PIN \(CardTranscript.hex(reference)) with its right value after a power cycle")
    }

    /// A value of the same length that is not the PIN.
    private static func wrongValue(_ value: [UInt8]) -> [UInt8] { value.map { $0 == 0x30 ? 0x31 : 0x30 } }

}

extension BenchCard {
    /// The global PINs the run was given (P2 b8 0, 7816-4 §11.5.6: the card's own, not an
    /// application's), by reference in order; skips the case when none was.
    func knownPINs() throws -> [(reference: UInt8, value: [UInt8])] {
        let global = credentials.pins.filter { $0.key & 0x80 == 0 }
        guard !global.isEmpty else {
            throw CaseSkip(
                "no global PIN was given; pass --card-pin REF=VALUE (P2 reference in hex below 80, the value as typed)")
        }
        return global.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The tries left for PIN `reference`, from VERIFY without data. A PIN an earlier case
    /// verified is first forgotten: VERIFY with P1 FF (7816-4 §11.5.6), else a power cycle.
    func triesLeft(_ reference: UInt8) throws -> Int {
        var answer = try send(CardCommand(ins: 0x20, p2: reference))
        if answer.sw == 0x9000 {
            let forget = try send(CardCommand(ins: 0x20, p1: 0xFF, p2: reference))
            if forget.sw != 0x9000 {
                guard target.powerCycle != nil else {
                    throw CaseSkip(
                        "PIN \(CardTranscript.hex(reference)) is verified and the card cannot be made to forget it")
                }
                try powerCycle()
            }
            answer = try send(CardCommand(ins: 0x20, p2: reference))
        }
        if answer.sw == 0x6983 { return 0 }
        guard answer.sw & 0xFFF0 == 0x63C0 else {
            throw CaseFailure("VERIFY of PIN \(CardTranscript.hex(reference)) without data answered \(answer)")
        }
        return Int(answer.sw & 0x0F)
    }
}
