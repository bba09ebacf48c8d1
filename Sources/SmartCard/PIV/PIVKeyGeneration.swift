/// GENERATE ASYMMETRIC KEY PAIR (INS 47, SP 800-73-4 Part 2 §3.3.2): P1 00, P2 the slot, data
/// AC holding 80 the algorithm, and Yubico's AA PIN policy and AB touch policy. Answers the
/// public key 7F49 (81 modulus and 82 exponent, or 86 the point). Replaces any key in the slot;
/// its certificate object is left for the client to replace.
enum PIVKeyGeneration {
    /// 6A86 P1 not 00 or P2 not a key slot (9B, F9 excluded: the attestation key is the card's);
    /// 6A80 a template without a supported asymmetric algorithm, or a policy byte out of range;
    /// 6982 without the management key; 6581 when the new key cannot be made durable.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x00, PIVSlot.keySlots.contains(apdu.p2), apdu.p2 != PIVSlot.attestation else {
            throw .incorrectP1P2
        }
        guard let outer = BERTLV.parse(apdu.data), outer.count == 1, outer[0].tag == 0xAC,
            let fields = BERTLV.parse(outer[0].value)
        else { throw .incorrectData }
        let (kind, pinPolicy, touchPolicy) = try PIVKeyAttributes.parse(fields, card)
        try card.requirePIVManagementKey()
        let material: CardKey.Material
        let key: LoadedKey
        do { (material, key) = try LoadedKey.generate(kind) } catch { throw .memoryFailure }
        card.remember(key, for: material, kind: kind)
        card.piv.keys[apdu.p2] = PIVKey(
            key: CardKey(reference: apdu.p2, kind: kind, material: material),
            pinPolicy: pinPolicy, touchPolicy: touchPolicy, origin: .generated)
        return CardResponse(data: key.publicKeyTemplate ?? [])
    }
}
