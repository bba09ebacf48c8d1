import TrustCrypto

/// GET CHALLENGE (INS 84), EXTERNAL AUTHENTICATE (INS 82) and INTERNAL AUTHENTICATE (INS 88),
/// ISO/IEC 7816-4 §11.5.2–11.5.4. P2 names the key (00: the one MANAGE SECURITY ENVIRONMENT
/// set in the AT template); P1 (the algorithm) must be 00: each key slot has one algorithm.
enum AuthenticationCommands {
    /// Ne random bytes (at most 256) from TrustCrypto, remembered by the channel for EXTERNAL
    /// AUTHENTICATE. 6A86 for P1-P2 other than 0000; 6700 without Le or with data.
    static func getChallenge(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0 else { throw .incorrectP1P2 }
        try apdu.requireNoData()
        guard let ne = apdu.ne else { throw .wrongLength }
        let challenge = SecureBytes.random(min(ne, 256))
        card.channel.challenge = challenge
        return CardResponse(data: challenge)
    }

    /// The outside world proves it holds AES key P2: data must be AES-128-ECB of the last
    /// challenge (zero-padded to 16 bytes). 9000 marks the key authenticated until power-off;
    /// 6300 when the cryptogram is wrong. The challenge is spent either way. 6A86 P1 not 00;
    /// 6A88 no such key; 6985 no challenge, or a key that is not symmetric; 6700 not 16 bytes.
    static func externalAuthenticate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let reference = try keyReference(apdu, card)
        let (_, key) = try card.loadedKey(reference)
        guard case .secret(let secret) = key, let challenge = card.channel.challenge else {
            throw .conditionsOfUseNotSatisfied
        }
        guard apdu.data.count == 16 else { throw .wrongLength }
        card.channel.challenge = nil
        guard SecureBytes.equal(try LoadedKey.encryptBlock(challenge, key: secret), apdu.data) else {
            card.session.authenticatedKeys.remove(reference)
            return CardResponse(status: .authenticationFailed)
        }
        card.session.authenticatedKeys.insert(reference)
        return CardResponse()
    }

    /// The card proves it holds key P2 by signing (RSA, EC) or encrypting (AES) the data the
    /// outside world sent (LoadedKey.sign). 6A86 P1 not 00; 6A88 no such key or none generated;
    /// 6982 the key's use rule unmet; 6700 no data or too much.
    static func internalAuthenticate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let reference = try keyReference(apdu, card)
        let (slot, key) = try card.loadedKey(reference)
        try card.require(slot.useRule)
        return CardResponse(data: try key.sign(apdu.data))
    }

    private static func keyReference(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> UInt8 {
        guard apdu.p1 == 0 else { throw .incorrectP1P2 }
        if apdu.p2 != 0 { return apdu.p2 }
        guard let chosen = card.channel.environment.authentication else { throw .referencedDataNotFound }
        return chosen
    }
}
