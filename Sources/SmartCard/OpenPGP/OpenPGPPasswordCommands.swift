/// VERIFY (INS 20), CHANGE REFERENCE DATA (INS 24) and RESET RETRY COUNTER (INS 2C), OpenPGP
/// card 3.4 §7.2.2–7.2.4. Every comparison spends a try before it runs
/// (CardOS.checkReferenceData); a password of the wrong length is a wrong try.
enum OpenPGPPasswordCommands {
    /// P2 81 (PW1 for signatures), 82 (PW1 for the rest) or 83 (PW3). P1 00 with data: verify
    /// (9000, or 63Cx with the tries left); without data: 9000 when verified, else 63Cx. P1 FF
    /// without data: forget the verification. 6A86 other P1 or P2; 6983 blocked; 6700 data with P1 FF.
    static func verify(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let reference = apdu.p2
        guard [OpenPGPPassword.pw1, OpenPGPPassword.pw1Other, OpenPGPPassword.pw3].contains(reference) else {
            throw .incorrectP1P2
        }
        let stored = reference == OpenPGPPassword.pw3 ? OpenPGPPassword.pw3 : OpenPGPPassword.pw1
        guard let password = card.openPGP.pins[stored] else { throw .referencedDataNotFound }
        switch apdu.p1 {
        case 0xFF:
            try apdu.requireNoData()
            card.session.openPGP.verified.remove(reference)
            return CardResponse()
        case 0x00 where apdu.data.isEmpty:
            if card.session.openPGP.verified.contains(reference) { return CardResponse() }
            guard !password.isBlocked else { throw .authenticationMethodBlocked }
            return CardResponse(status: .triesRemaining(password.remainingTries))
        case 0x00:
            // PW1 is checked under its own reference; the status granted is the one asked for,
            // and a wrong PW1 takes back both of PW1's states (81 and 82): one password.
            // checkReferenceData's own bookkeeping is under the stored reference: start again
            // from the status before it.
            var verified = card.session.openPGP.verified
            let matched = try card.checkReferenceData(apdu.data, against: stored, in: .openPGP)
            if matched {
                verified.insert(reference)
            } else {
                verified.subtract(
                    stored == OpenPGPPassword.pw1 ? [OpenPGPPassword.pw1, OpenPGPPassword.pw1Other] : [reference])
            }
            card.session.openPGP.verified = verified
            return matched ? CardResponse() : card.failedCheck(stored, in: .openPGP)
        default:
            throw .incorrectP1P2
        }
    }

    /// P1 00, P2 81 (PW1) or 83 (PW3): the current value followed by the new one, as ISO's
    /// CHANGE REFERENCE DATA. 6A86 other P1-P2; 6A80 a new value shorter than 6 (PW1) or 8
    /// (PW3) or longer than 127; 63Cx, 6983 as VERIFY.
    /// A changed PW1 is not verified in either state: changing it is not a VERIFY for a
    /// signature (81) nor for the other operations (82).
    static func change(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x00, apdu.p2 == OpenPGPPassword.pw1 || apdu.p2 == OpenPGPPassword.pw3 else {
            throw .incorrectP1P2
        }
        let response = try ReferenceDataCommands.change(in: .openPGP)(apdu, card)
        if apdu.p2 == OpenPGPPassword.pw1 {
            card.session.openPGP.verified.subtract([OpenPGPPassword.pw1, OpenPGPPassword.pw1Other])
        }
        return response
    }

    /// P2 81. P1 00: the resetting code followed by the new PW1 (6983 when no resetting code is
    /// set or it is blocked; 63Cx a wrong one). P1 02: the new PW1, after PW3 was verified
    /// (6982 otherwise). The new PW1 has a full try counter and is not verified. 6A86 other
    /// P1-P2; 6A80 a new PW1 of the wrong length; 6700 no data.
    static func resetRetryCounter(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p2 == OpenPGPPassword.pw1, apdu.p1 == 0x00 || apdu.p1 == 0x02 else { throw .incorrectP1P2 }
        let response: CardResponse
        if apdu.p1 == 0x00 {
            response = try ReferenceDataCommands.resetRetryCounter(in: .openPGP)(apdu, card)
            card.session.openPGP.verified.remove(OpenPGPPassword.resettingCode)
        } else {
            guard !apdu.data.isEmpty else { throw .wrongLength }
            guard var pw1 = card.openPGP.pins[OpenPGPPassword.pw1] else { throw .referencedDataNotFound }
            guard pw1.acceptsLength(apdu.data) else { throw .incorrectData }
            try card.requireOpenPGP(OpenPGPPassword.pw3)
            pw1.value = apdu.data
            pw1.remainingTries = pw1.maxTries
            card.openPGP.pins[OpenPGPPassword.pw1] = pw1
            response = CardResponse()
        }
        if response.status == .success {
            card.session.openPGP.verified.subtract([OpenPGPPassword.pw1, OpenPGPPassword.pw1Other])
        }
        return response
    }
}
