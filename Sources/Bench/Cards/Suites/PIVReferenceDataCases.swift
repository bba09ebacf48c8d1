/// The piv suite's PUK and PIN-change cases (SP 800-73-4 Part 2 §3.2.2, §3.2.3). The PUK comes
/// from `--card-pin 81=PUK`. Each case proves the secrets it was given before it sends a wrong
/// one, and puts back what it changed.
extension PIVSuite {
    static let pukResetsPIN = CardCase(
        "piv.puk-reset", "RESET RETRY COUNTER with the PUK gives the PIN its tries back",
        clause: "SP 800-73-4 Part 2 §3.2.3; SP 800-85A-4 DTR 05.29"
    ) { context in
        let pin = try context.card.pivPIN()
        let puk = try context.card.pivPUK()
        let before = try context.card.triesLeft(pinReference)
        guard before >= 2 else { throw CaseSkip("PIN 80 has \(before) tries left; this case needs 2") }
        try context.card.verifyPIVPIN()
        context.onCleanup { _ = try? context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: pin)) }
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: differentValue(pin))),
            [0x63C0 | UInt16(before - 1)], "VERIFY of a wrong PIN with \(before) tries left")
        let reset = try context.card.send(CardCommand(ins: 0x2C, p2: pinReference, data: puk + pin))
        if reset.sw & 0xFFF0 == 0x63C0 {
            throw CaseFailure("the card refused the PUK given with --card-pin 81= (\(reset.status)): is it the card's?")
        }
        try context.expect(reset, [0x9000], "RESET RETRY COUNTER of the PIN with the PUK")
        let after = try context.card.triesLeft(pinReference)
        guard after >= before else {
            throw CaseFailure(
                "after RESET RETRY COUNTER the PIN has \(after) tries left, fewer than the \(before) before")
        }
        try context.card.verifyPIVPIN()
    }

    static let wrongPUKCounts = CardCase(
        "piv.puk-wrong", "A wrong PUK answers 63Cx and spends a PUK try; the right one restores the count",
        clause: "SP 800-73-4 Part 2 §3.2.3; SP 800-85A-4 DTR 05.32", needs: [.destructive]
    ) { context in
        let pin = try context.card.pivPIN()
        let puk = try context.card.pivPUK()
        let reset = CardCommand(ins: 0x2C, p2: pinReference, data: puk + pin)
        // The right PUK first: it proves the value given and starts the PUK's count from full.
        try context.expect(context.card.send(reset), [0x9000], "RESET RETRY COUNTER with the PUK given")
        var wrong = reset
        wrong.data = differentValue(puk) + pin
        var counts: [UInt16] = []
        for _ in 0..<2 {
            let answer = try context.card.send(wrong)
            guard answer.sw & 0xFFF0 == 0x63C0, answer.sw != 0x63C0 else {
                throw CaseFailure(
                    "RESET RETRY COUNTER with a wrong PUK answered \(answer.status), not 63Cx with x above 0")
            }
            counts.append(answer.sw)
            try context.expect(
                context.card.send(reset), [0x9000], "RESET RETRY COUNTER with the right PUK after a wrong one")
        }
        guard counts[0] == counts[1] else {
            throw CaseFailure(
                "a wrong PUK answered \(String(format: "%04X", counts[0])), then \(String(format: "%04X", counts[1])) after the right one: the right PUK did not restore its count"
            )
        }
        try context.card.verifyPIVPIN()
    }

    static let changePIN = CardCase(
        "piv.change-pin", "CHANGE REFERENCE DATA refuses a wrong current PIN (63Cx) and changes it with the right one",
        clause: "SP 800-73-4 Part 2 §3.2.2", needs: [.destructive]
    ) { context in
        let pin = try context.card.pivPIN()
        let before = try context.card.triesLeft(pinReference)
        guard before >= 3 else { throw CaseSkip("PIN 80 has \(before) tries left; this case needs 3") }
        try context.card.verifyPIVPIN()
        let other = differentValue(pin)
        // A wrong current value whose new value is the PIN itself: a card that wrongly takes it
        // leaves the PIN as it was.
        try context.expect(
            context.card.send(CardCommand(ins: 0x24, p2: pinReference, data: other + pin)),
            [0x63C0 | UInt16(before - 1)], "CHANGE REFERENCE DATA with a wrong current PIN")
        try context.expect(
            context.card.send(CardCommand(ins: 0x24, p2: pinReference, data: pin + other)), [0x9000],
            "CHANGE REFERENCE DATA from the PIN given to another")
        // Put back the PIN given, whatever happens from here.
        var changed = true
        context.onCleanup {
            if changed { _ = try? context.card.send(CardCommand(ins: 0x24, p2: pinReference, data: other + pin)) }
        }
        try context.expect(
            context.card.send(CardCommand(ins: 0x20, p2: pinReference, data: other)), [0x9000],
            "VERIFY of the new PIN")
        try context.expect(
            context.card.send(CardCommand(ins: 0x24, p2: pinReference, data: other + pin)), [0x9000],
            "CHANGE REFERENCE DATA back to the PIN given")
        changed = false
        try context.card.verifyPIVPIN()
        guard try context.card.triesLeft(pinReference) == before else {
            throw CaseFailure("after the right PIN the try counter is not back at \(before)")
        }
    }
}
