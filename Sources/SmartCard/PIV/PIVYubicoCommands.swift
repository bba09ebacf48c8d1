/// The Yubico PIV extensions yubico-piv-tool relies on (Yubico's "PIV extensions" docs): GET
/// VERSION (FD), GET SERIAL (F8), SET MANAGEMENT KEY (FF), RESET (FB), SET PIN RETRIES (FA).
enum PIVYubicoCommands {
    /// Three bytes: major, minor, patch, from the profile's firmwareVersion.
    static func getVersion(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        try apdu.requireNoData()
        return CardResponse(data: try card.pivApplication().version)
    }

    /// The serial number, four bytes big-endian, from the profile's serialNumber.
    static func getSerial(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        try apdu.requireNoData()
        return CardResponse(data: withUnsafeBytes(of: try card.pivApplication().serial.bigEndian, Array.init))
    }

    /// P1 FF, P2 FF (no touch) or FE (touch required); data: the algorithm (03 3DES, 08/0A/0C
    /// AES-128/192/256), 9B, the key's length and the key. After the management key (6982).
    /// 6A86 other P1-P2; 6A80 a malformed body, a key of the wrong length for its algorithm,
    /// or an algorithm the profile does not offer.
    static func setManagementKey(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0xFF, apdu.p2 == 0xFF || apdu.p2 == 0xFE else { throw .incorrectP1P2 }
        let data = apdu.data
        guard data.count >= 3, data[1] == PIVSlot.management, Int(data[2]) == data.count - 3,
            let kind = PIVAlgorithm.kinds[data[0]], kind.secretLength == data.count - 3, card.permits(kind)
        else {
            throw .incorrectData
        }
        try card.requirePIVManagementKey()
        card.piv.managementKey = CardKey(
            reference: PIVSlot.management, kind: kind, material: .secret(Array(data.dropFirst(3))))
        card.piv.managementTouch = apdu.p2 == 0xFE ? .always : .never
        return CardResponse()
    }

    /// Back to the factory state (keys but the attestation key, objects, PIN, PUK and
    /// management key) — allowed only
    /// once both the PIN and the PUK are blocked (6985 otherwise), so a stolen card cannot be
    /// silently reset while its holder's secrets still protect it.
    static func reset(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        try apdu.requireNoData()
        let pins = card.piv.pins
        guard pins[PIVState.pinReference]?.isBlocked == true, pins[PIVState.pukReference]?.isBlocked == true else {
            throw .conditionsOfUseNotSatisfied
        }
        let application = try card.pivApplication()
        let attestationKey = card.piv.keys[PIVSlot.attestation]
        let attestationCertificate = card.piv.objects[PIVAttestation.certificateTag]
        card.piv = .factory(serial: application.serial, version: application.version)
        // The attestation key and its certificate belong to the card, not its holder: they
        // survive the reset, as on YubiKeys, so attestations stay verifiable against them.
        if let attestationKey, let attestationCertificate {
            card.piv.keys[PIVSlot.attestation] = attestationKey
            card.piv.objects[PIVAttestation.certificateTag] = attestationCertificate
        }
        card.session.piv = PIVSession()
        return CardResponse()
    }

    /// P1 the PIN's tries, P2 the PUK's (1–255 each, 6A86 otherwise); PIN and PUK return to
    /// their defaults. Needs the management key and the PIN (6982).
    static func setPinRetries(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 > 0, apdu.p2 > 0 else { throw .incorrectP1P2 }
        try apdu.requireNoData()
        try card.requirePIVManagementKey()
        try card.requirePIVPIN()
        card.piv.setPinRetries(pin: Int(apdu.p1), puk: Int(apdu.p2))
        card.session.piv.verifiedPins = []
        card.session.piv.pinFreshlyVerified = false
        return CardResponse()
    }
}
