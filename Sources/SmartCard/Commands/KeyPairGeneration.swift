import TrustCrypto

/// GENERATE ASYMMETRIC KEY PAIR (INS 47), ISO/IEC 7816-8 §5.1 (2004): P1 00 or 80 generates a
/// new key in slot P2 and returns its public key (7F49, LoadedKey.publicKeyTemplate); P1 81
/// returns the public key already there. P2 00: the slot is named by 83 or 84 inside a control
/// reference template (B6, B8 or A4) in the data.
enum KeyPairGeneration {
    /// 6A86 other P1; 6A80 data that does not name a key; 6A88 no such slot, or (P1 81) nothing
    /// generated yet; 6985 a symmetric slot; 6982 the slot's generate rule unmet; 6581 the new
    /// key could not be made durable (the old one stays).
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard [0x00, 0x80, 0x81].contains(apdu.p1) else { throw .incorrectP1P2 }
        let reference = try slotReference(apdu)
        guard let slot = card.state.keys[reference] else { throw .referencedDataNotFound }
        guard slot.kind.isAsymmetric else { throw .conditionsOfUseNotSatisfied }
        if apdu.p1 == 0x81 {
            let (_, key) = try card.loadedKey(reference)
            return CardResponse(data: key.publicKeyTemplate ?? [])
        }
        try card.require(slot.generateRule)
        let material: CardKey.Material
        let key: LoadedKey
        do { (material, key) = try LoadedKey.generate(slot.kind) } catch { throw .memoryFailure }
        card.install(material, key: key, in: reference)
        return CardResponse(data: key.publicKeyTemplate ?? [])
    }

    private static func slotReference(_ apdu: CommandAPDU) throws(StatusWord) -> UInt8 {
        if apdu.p2 != 0 { return apdu.p2 }
        guard let outer = BERTLV.parse(apdu.data),
            let template = outer.first(where: { [0xA4, 0xB6, 0xB8].contains($0.tag) }),
            let inner = BERTLV.parse(template.value),
            let reference = BERTLV.value(0x84, in: inner) ?? BERTLV.value(0x83, in: inner),
            reference.count == 1
        else { throw .incorrectData }
        return reference[0]
    }
}
