import TrustCrypto

/// Key import: PUT DATA with the odd INS DB, P1-P2 3FFF, data the extended header list 4D
/// (OpenPGP card 3.4 §4.4.3.12): a CRT naming the key (B6, B8, A4), 7F48 the private key
/// template listing tags and lengths, 5F48 their values concatenated in that order.
/// RSA: 91 e, 92 p, 93 q (94–96 CRT values ignored; 97 n when the host sends it).
/// EC: 92 the private scalar (99 the public point, ignored: the card computes it).
enum OpenPGPKeyImport {
    /// 6982 PW3 not verified; 6A86 other P1-P2; 6A80 a list that does not parse, parts missing,
    /// or a key that does not match the key's algorithm attributes (modulus size, curve), an RSA
    /// key that fails TrustCrypto's checks (even or small exponent, composite prime, a modulus
    /// that is not p·q); 6985 attributes the card's profile does not offer.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1p2 == 0x3FFF else { throw .incorrectP1P2 }
        try card.requireOpenPGP(OpenPGPPassword.pw3)
        guard let outer = BERTLV.parse(apdu.data), let list = BERTLV.value(0x4D, in: outer),
            let objects = BERTLV.parse(list), let crt = objects.first,
            let role = OpenPGPKeyRole(template: crt.tag),
            let template = BERTLV.value(0x7F48, in: objects), let values = BERTLV.value(0x5F48, in: objects),
            let parts = split(values, by: template)
        else { throw .incorrectData }
        guard let kind = card.openPGP[role].kind, card.permits(kind) else { throw .conditionsOfUseNotSatisfied }
        let (material, key) = try build(kind, from: parts)
        card.installOpenPGPKey(material, key, for: role, origin: .imported)
        return CardResponse()
    }

    /// The values of 5F48 cut at the lengths 7F48 lists (tag, BER length, no value); nil when
    /// the list does not parse or the lengths do not add up to the values.
    private static func split(_ values: [UInt8], by template: [UInt8]) -> [UInt8: [UInt8]]? {
        var parts: [UInt8: [UInt8]] = [:]
        var index = 0
        var offset = 0
        while index < template.count {
            let tag = template[index]
            index += 1
            guard let length = BERTLV.readLength(template, at: &index), length <= values.count - offset else {
                return nil
            }
            parts[tag] = Array(values[offset..<(offset + length)])
            offset += length
        }
        return offset == values.count ? parts : nil
    }

    private static func build(_ kind: CardKey.Kind, from parts: [UInt8: [UInt8]]) throws(StatusWord) -> (
        CardKey.Material, LoadedKey
    ) {
        do {
            if let bits = kind.rsaBits {
                guard let e = parts[0x91], let p = parts[0x92], let q = parts[0x93] else {
                    throw StatusWord.incorrectData
                }
                let exponentBytes = e.drop { $0 == 0 }
                guard !exponentBytes.isEmpty, exponentBytes.count <= 4 else { throw StatusWord.incorrectData }
                let exponent = exponentBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                let key = try RSA.PrivateKey(p: p, q: q, exponent: exponent, keyBits: bits)
                // A modulus the host sent too (import format 01/03) must be p·q.
                if let modulus = parts[0x97], Array(modulus.drop { $0 == 0 }) != key.publicKey.modulus {
                    throw StatusWord.incorrectData
                }
                return (.rsa(modulus: key.publicKey.modulus, exponent: exponent, prime: key.prime), .rsa(key))
            }
            guard let curve = kind.curve, let scalar = parts[0x92] else { throw StatusWord.incorrectData }
            let significant = Array(scalar.drop { $0 == 0 })
            guard significant.count <= curve.keySize else { throw StatusWord.incorrectData }
            let padded = [UInt8](repeating: 0, count: curve.keySize - significant.count) + significant
            return (.ec(scalar: padded), .ec(try ECC.PrivateKey(curve: curve, scalar: padded)))
        } catch let status as StatusWord {
            throw status
        } catch {
            throw .incorrectData
        }
    }
}
