/// PERFORM SECURITY OPERATION (INS 2A), ISO/IEC 7816-8 §5.2 and §5.11 (2004): P1-P2 9E9A
/// COMPUTE DIGITAL SIGNATURE with the DST key, 8086 DECIPHER with the CT key (data: padding
/// indicator 00, then the cryptogram).
enum SecurityOperationCommand {
    /// 6A86 other P1-P2; 6985 no key set by MANAGE SECURITY ENVIRONMENT; 6A88 the key slot is
    /// empty; 6982 its use rule unmet; 6700 no data, input too long or a cryptogram not one
    /// modulus long; 6A80 a padding indicator other than 00 or a cryptogram that does not decrypt.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        let environment = card.channel.environment
        switch apdu.p1p2 {
        case 0x9E9A:
            guard let reference = environment.signature else { throw .conditionsOfUseNotSatisfied }
            let (slot, key) = try card.loadedKey(reference)
            try card.require(slot.useRule)
            return CardResponse(data: try key.sign(apdu.data))
        case 0x8086:
            guard let reference = environment.confidentiality else { throw .conditionsOfUseNotSatisfied }
            let (slot, key) = try card.loadedKey(reference)
            try card.require(slot.useRule)
            guard let indicator = apdu.data.first else { throw .wrongLength }
            guard indicator == 0x00 else { throw .incorrectData }
            return CardResponse(data: try key.decipher(Array(apdu.data.dropFirst())))
        default:
            throw .incorrectP1P2
        }
    }
}
