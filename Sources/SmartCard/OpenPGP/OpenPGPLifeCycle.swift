/// TERMINATE DF (INS E6) and ACTIVATE FILE (INS 44), OpenPGP card 3.4 §7.2.16–7.2.17: the
/// factory reset. Terminating wipes the keys, passwords and DOs at once (the terminated state
/// is durable, so a power cut between the two commands leaves nothing behind); activating a
/// terminated application brings it back in its factory state.
enum OpenPGPLifeCycle {
    /// P1-P2 0000, after PW3 was verified or once PW3 is blocked. 6982 neither; 6A86 other P1-P2.
    static func terminate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0 else { throw .incorrectP1P2 }
        let pw3Blocked = card.openPGP.pins[OpenPGPPassword.pw3]?.isBlocked ?? false
        if !pw3Blocked { try card.requireOpenPGP(OpenPGPPassword.pw3) }
        var wiped = OpenPGPState()
        wiped.data.terminated = true
        card.openPGP = wiped
        card.session.openPGP = OpenPGPSession()
        return CardResponse()
    }

    /// P1-P2 0000. Does nothing to an application in use. 6A86 other P1-P2.
    static func activate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0 else { throw .incorrectP1P2 }
        if card.openPGP.data.terminated {
            card.openPGP = OpenPGPState()
            card.session.openPGP = OpenPGPSession()
        }
        return CardResponse()
    }

    /// `command` while the application is operational; 6285 after TERMINATE DF.
    static func refusedWhileTerminated(_ command: @escaping CardCommandHandler) -> CardCommandHandler {
        { apdu, card throws(StatusWord) in
            guard !card.openPGP.data.terminated else { throw .selectedFileTerminated }
            return try command(apdu, card)
        }
    }
}
