/// VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER for PIV (SP 800-73-4 Part 2 §3.2.1,
/// §3.2.2, §3.2.3): the card OS's ISO commands in PIV's PIN directory, with PIV's narrower
/// rules checked first. Reference data is always 8 bytes, the PIN or PUK padded with FF; only
/// the PIN (80) is verified, the PUK (81) is only changed or used to reset the PIN. Only VERIFY
/// arms a key whose PIN policy is "always": a CHANGE or an unblock is not a fresh VERIFY.
enum PIVReferenceData {
    private static let isoVerify = ReferenceDataCommands.verify(in: PIVApplication.pins)
    private static let isoChange = ReferenceDataCommands.change(in: PIVApplication.pins)
    private static let isoReset = ReferenceDataCommands.resetRetryCounter(in: PIVApplication.pins)

    /// P2 80; data empty (status) or a well-formed PIN: 6A80 otherwise, without spending a try,
    /// since no PIN can have that form. 6A88 for any other reference (§3.2.1): the global PIN
    /// (00) and the PUK, which this card does not verify, or one PIV does not define. A match
    /// arms one use of a PIN-always key.
    static func verify(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == PIVState.pinReference else {
            throw .referencedDataNotFound
        }
        guard apdu.data.isEmpty || isWellFormed(apdu.data) else { throw .incorrectData }
        let response = try isoVerify(apdu, card)
        if apdu.p1 == 0x00, !apdu.data.isEmpty { card.session.piv.pinFreshlyVerified = response.status == .success }
        if apdu.p1 == 0xFF { card.session.piv.pinFreshlyVerified = false }
        return response
    }

    /// P1 00, P2 80 or 81; data the current then the new value, 8 bytes each. 6A80 when the new
    /// value is not 6–8 characters padded with FF.
    static func change(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x00, apdu.p2 == PIVState.pinReference || apdu.p2 == PIVState.pukReference else {
            throw .incorrectP1P2
        }
        guard apdu.data.count == 16, isWellFormed(Array(apdu.data.suffix(8))) else { throw .incorrectData }
        card.session.piv.pinFreshlyVerified = false
        return try isoChange(apdu, card)
    }

    /// P1 00, P2 80; data the PUK then the new PIN, 8 bytes each. The PIN is unblocked with a
    /// full try counter; 63Cx counts the PUK's tries.
    static func resetRetryCounter(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x00, apdu.p2 == PIVState.pinReference else { throw .incorrectP1P2 }
        guard apdu.data.count == 16, isWellFormed(Array(apdu.data.suffix(8))) else { throw .incorrectData }
        card.session.piv.pinFreshlyVerified = false
        return try isoReset(apdu, card)
    }

    /// Six to eight bytes that are not FF, then FF padding to eight (Part 2 §2.4.3). The spec
    /// asks for digits; like the YubiKeys clients are written for, any other byte is accepted.
    static func isWellFormed(_ value: [UInt8]) -> Bool {
        let characters = value.prefix { $0 != 0xFF }
        return value.count == 8 && characters.count >= 6 && value.dropFirst(characters.count).allSatisfy { $0 == 0xFF }
    }
}
