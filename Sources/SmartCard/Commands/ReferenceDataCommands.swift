/// VERIFY (INS 20), CHANGE REFERENCE DATA (INS 24) and RESET RETRY COUNTER (INS 2C), ISO/IEC
/// 7816-4 §11.5.6, §11.5.7 and §11.5.10. P2 names the PIN. Every comparison spends a try
/// before it runs (CardOS.checkReferenceData). Each handler is made for a PIN directory: the
/// card's own, or an application's with the same rules (PIV's VERIFY is ISO's).
enum ReferenceDataCommands {
    /// P1 00 with data: verify (9000, or 63Cx with the tries left); with no data: ask the
    /// status (9000 verified, 63Cx tries left). P1 FF with no data: forget the verification.
    /// 6A86 other P1; 6A88 unknown PIN; 6983 blocked; 6700 data with P1 FF.
    static func verify(in directory: PinDirectory) -> CardCommandHandler {
        { apdu, card throws(StatusWord) in try verify(apdu, card, directory) }
    }

    private static func verify(_ apdu: CommandAPDU, _ card: CardOS, _ directory: PinDirectory) throws(StatusWord)
        -> CardResponse
    {
        let reference = apdu.p2
        guard let pin = card.state[keyPath: directory.pins][reference] else {
            throw apdu.p1 == 0x00 || apdu.p1 == 0xFF ? .referencedDataNotFound : .incorrectP1P2
        }
        switch apdu.p1 {
        case 0xFF:
            try apdu.requireNoData()
            card.session[keyPath: directory.verified].remove(reference)
            return CardResponse()
        case 0x00 where apdu.data.isEmpty:
            if card.session[keyPath: directory.verified].contains(reference) { return CardResponse() }
            guard !pin.isBlocked else { throw .authenticationMethodBlocked }
            return CardResponse(status: .triesRemaining(pin.remainingTries))
        case 0x00:
            return try card.checkReferenceData(apdu.data, against: reference, in: directory)
                ? CardResponse() : card.failedCheck(reference, in: directory)
        default:
            throw .incorrectP1P2
        }
    }

    /// P1 00: data is the current value followed by the new one (split at the current value's
    /// length); P1 01: the new value only, once the PIN is verified (else 6982). 6A80 when the
    /// new value's length is outside the PIN's limits; 63Cx, 6983, 6A88 as VERIFY.
    static func change(in directory: PinDirectory) -> CardCommandHandler {
        { apdu, card throws(StatusWord) in try change(apdu, card, directory) }
    }

    private static func change(_ apdu: CommandAPDU, _ card: CardOS, _ directory: PinDirectory) throws(StatusWord)
        -> CardResponse
    {
        let reference = apdu.p2
        guard apdu.p1 == 0x00 || apdu.p1 == 0x01 else { throw .incorrectP1P2 }
        guard let pin = card.state[keyPath: directory.pins][reference] else { throw .referencedDataNotFound }
        guard !apdu.data.isEmpty else { throw .wrongLength }
        let currentLength = apdu.p1 == 0x00 ? pin.value.count : 0
        let newValue = Array(apdu.data.dropFirst(currentLength))
        guard pin.acceptsLength(newValue) else { throw .incorrectData }
        if apdu.p1 == 0x00 {
            guard try card.checkReferenceData(Array(apdu.data.prefix(currentLength)), against: reference, in: directory)
            else {
                return card.failedCheck(reference, in: directory)
            }
        } else {
            guard !pin.isBlocked else { throw .authenticationMethodBlocked }
            guard card.session[keyPath: directory.verified].contains(reference) else {
                throw .securityStatusNotSatisfied
            }
        }
        replace(reference, with: newValue, card, directory)
        return CardResponse()
    }

    /// P1 00: PUK then new PIN; 01: PUK, unblock only; 02: new PIN, after the PUK was verified;
    /// 03: no data, unblock after the PUK was verified. 6A86 other P1; 6A88 unknown PIN;
    /// 6985 a PIN no PUK can reset; 6A80 new value of a wrong length; 6982 PUK not verified
    /// (02, 03); 63Cx with the PUK's tries left, 6983 PUK blocked.
    static func resetRetryCounter(in directory: PinDirectory) -> CardCommandHandler {
        { apdu, card throws(StatusWord) in try resetRetryCounter(apdu, card, directory) }
    }

    private static func resetRetryCounter(_ apdu: CommandAPDU, _ card: CardOS, _ directory: PinDirectory)
        throws(StatusWord) -> CardResponse
    {
        let reference = apdu.p2
        guard apdu.p1 <= 0x03 else { throw .incorrectP1P2 }
        guard let pin = card.state[keyPath: directory.pins][reference] else { throw .referencedDataNotFound }
        guard let pukReference = pin.resetReference, let puk = card.state[keyPath: directory.pins][pukReference] else {
            throw .conditionsOfUseNotSatisfied
        }
        let carriesPUK = apdu.p1 <= 0x01
        let carriesNewValue = apdu.p1 == 0x00 || apdu.p1 == 0x02
        if apdu.p1 == 0x03 { try apdu.requireNoData() } else if apdu.data.isEmpty { throw .wrongLength }
        let newValue = carriesNewValue ? Array(apdu.data.dropFirst(carriesPUK ? puk.value.count : 0)) : nil
        if let newValue { guard pin.acceptsLength(newValue) else { throw .incorrectData } }
        if carriesPUK {
            let offered = carriesNewValue ? Array(apdu.data.prefix(puk.value.count)) : apdu.data
            guard try card.checkReferenceData(offered, against: pukReference, in: directory) else {
                return card.failedCheck(pukReference, in: directory)
            }
        } else {
            guard card.session[keyPath: directory.verified].contains(pukReference) else {
                throw .securityStatusNotSatisfied
            }
        }
        replace(reference, with: newValue ?? pin.value, card, directory)
        card.session[keyPath: directory.verified].remove(reference)
        return CardResponse()
    }

    /// New reference data with a full try counter; the holder counts as verified with it (RESET
    /// RETRY COUNTER takes that back: knowing the PUK is not knowing the PIN).
    private static func replace(_ reference: UInt8, with value: [UInt8], _ card: CardOS, _ directory: PinDirectory) {
        guard var pin = card.state[keyPath: directory.pins][reference] else { return }
        pin.value = value
        pin.remainingTries = pin.maxTries
        card.state[keyPath: directory.pins][reference] = pin
        card.session[keyPath: directory.verified].insert(reference)
    }
}
