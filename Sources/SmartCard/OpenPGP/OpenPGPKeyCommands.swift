/// The private-key commands of OpenPGP card 3.4: GENERATE ASYMMETRIC KEY PAIR (§7.2.14),
/// PSO:COMPUTE DIGITAL SIGNATURE (§7.2.10), PSO:DECIPHER (§7.2.11), INTERNAL AUTHENTICATE
/// (§7.2.13) and MANAGE SECURITY ENVIRONMENT (§7.2.18). The operations themselves are
/// LoadedKey's (Security/KeyOperations.swift).
enum OpenPGPKeyCommands {
    /// P1 80 generates the key the CRT in the data names (B6, B8 or A4, empty or not) after PW3;
    /// P1 81 reads its public key. Either answers 7F49 with 81 modulus and 82 exponent (RSA) or
    /// 86 the point (EC). 6A86 other P1-P2; 6A80 data that is not one CRT; 6982 PW3 not
    /// verified; 6A88 (P1 81) no key yet; 6581 no key could be made.
    static func generate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x80 || apdu.p1 == 0x81, apdu.p2 == 0x00 else { throw .incorrectP1P2 }
        let role = try role(inTemplate: apdu.data)
        if apdu.p1 == 0x80 {
            try card.requireOpenPGP(OpenPGPPassword.pw3)
            guard let kind = card.openPGP[role].kind, card.permits(kind) else { throw .conditionsOfUseNotSatisfied }
            let material: CardKey.Material
            let key: LoadedKey
            do { (material, key) = try LoadedKey.generate(kind) } catch { throw .memoryFailure }
            card.installOpenPGPKey(material, key, for: role, origin: .generated)
        }
        guard let template = try card.openPGPKey(role).publicKeyTemplate else { throw .conditionsOfUseNotSatisfied }
        return CardResponse(data: template)
    }

    /// The key a control reference template names: the first object of `data` must be B6, B8
    /// or A4 (6A80 otherwise).
    static func role(inTemplate data: [UInt8]) throws(StatusWord) -> OpenPGPKeyRole {
        guard let first = BERTLV.parse(data)?.first, let role = OpenPGPKeyRole(template: first.tag) else {
            throw .incorrectData
        }
        return role
    }

    /// P1-P2 9E9A: sign with the signature key after PW1 81 (RSA: data is the DigestInfo; EC:
    /// the hash; answers r ‖ s), counting the signature; PW1 81 is spent by the attempt unless
    /// C4 says it stays valid. P1-P2 8086: decipher with the decryption key after PW1 82 (RSA: 00 then
    /// the cryptogram; ECDH: A6 holding 7F49 holding 86 the peer's point; answers the shared
    /// x-coordinate). 6A86 other P1-P2; 6982 PW1 not verified; 6A88 no key; 6700 wrong input
    /// length; 6A80 a malformed cryptogram, an AES padding indicator (02) or a point off the curve.
    static func performSecurityOperation(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        switch apdu.p1p2 {
        case 0x9E9A:
            try card.requireOpenPGP(OpenPGPPassword.pw1)
            // PW1 81 is spent by the attempt, whatever its outcome, unless C4 keeps it.
            if !card.openPGP.data.pw1ValidForSeveralSignatures {
                card.session.openPGP.verified.remove(OpenPGPPassword.pw1)
            }
            let signature = try card.openPGPKey(.signature).sign(apdu.data)
            if card.openPGP.signatureCount < OpenPGPState.maxSignatureCount { card.openPGP.signatureCount += 1 }
            return CardResponse(data: signature)
        case 0x8086:
            try card.requireOpenPGP(OpenPGPPassword.pw1Other)
            let key = try card.openPGPKey(card.session.openPGP.decipherKey)
            return CardResponse(data: try decipher(apdu.data, with: key))
        default:
            throw .incorrectP1P2
        }
    }

    private static func decipher(_ data: [UInt8], with key: LoadedKey) throws(StatusWord) -> [UInt8] {
        guard let indicator = data.first else { throw .wrongLength }
        switch (indicator, key) {
        case (0x00, .rsa):
            return try key.decipher(Array(data.dropFirst()))
        case (0xA6, .ec):
            guard let outer = BERTLV.parse(data), outer.count == 1, let template = BERTLV.parse(outer[0].value),
                let publicKey = BERTLV.value(0x7F49, in: template), let objects = BERTLV.parse(publicKey),
                let point = BERTLV.value(0x86, in: objects)
            else { throw .incorrectData }
            return try key.agree(uncompressedPoint: point)
        default:
            throw .incorrectData
        }
    }

    /// P1-P2 0000: sign the data (RSA: PKCS #1 v1.5 over it; EC: ECDSA over it as a hash) with
    /// the authentication key after PW1 82. 6A86 other P1-P2; 6982 PW1 not verified; 6A88 no
    /// key; 6700 no data or too much.
    static func internalAuthenticate(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0 else { throw .incorrectP1P2 }
        try card.requireOpenPGP(OpenPGPPassword.pw1Other)
        return CardResponse(data: try card.openPGPKey(card.session.openPGP.authenticationKey).sign(apdu.data))
    }

    /// P1 41 SET, P2 A4 (the key INTERNAL AUTHENTICATE uses) or B8 (the key PSO:DECIPHER
    /// uses), data 83 01 with 02 (decryption key) or 03 (authentication key); until power-off.
    /// 6A86 other P1-P2; 6A80 other data.
    static func manageSecurityEnvironment(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x41, apdu.p2 == 0xA4 || apdu.p2 == 0xB8 else { throw .incorrectP1P2 }
        guard let objects = BERTLV.parse(apdu.data), let reference = BERTLV.value(0x83, in: objects),
            reference.count == 1,
            let role = OpenPGPKeyRole(rawValue: Int(reference[0])), role != .signature
        else { throw .incorrectData }
        if apdu.p2 == 0xA4 {
            card.session.openPGP.authenticationKey = role
        } else {
            card.session.openPGP.decipherKey = role
        }
        return CardResponse()
    }
}
