import TrustCrypto

/// Yubico GET METADATA (INS F7, firmware 5.3 and later): P1 00, P2 the object asked about.
/// Answers TLVs: 01 algorithm (FF for PIN and PUK), 02 policy (PIN policy, touch policy),
/// 03 origin (01 generated, 02 imported), 04 the public key (the 7F49 elements without 7F49),
/// 05 whether the value is still the factory default, 06 tries (total, remaining).
enum PIVMetadata {
    /// 6A86 P1 not 00; 6A88 an empty slot or a reference the application does not have.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard apdu.p1 == 0x00 else { throw .incorrectP1P2 }
        try apdu.requireNoData()
        let piv = card.piv
        var fields: [(UInt16, [UInt8])]
        switch apdu.p2 {
        case PIVState.pinReference, PIVState.pukReference:
            guard let pin = piv.pins[apdu.p2] else { throw .referencedDataNotFound }
            let factory = apdu.p2 == PIVState.pinReference ? PIVState.defaultPIN : PIVState.defaultPUK
            fields = [
                (0x01, [0xFF]), (0x05, [SecureBytes.equal(pin.value, factory) ? 1 : 0]),
                (0x06, [UInt8(clamping: pin.maxTries), UInt8(clamping: pin.remainingTries)]),
            ]
        case PIVSlot.management:
            let isDefault =
                piv.managementKey.material.map {
                    guard case .secret(let secret) = $0 else { return false }
                    return SecureBytes.equal(secret, PIVState.defaultManagementKey)
                } ?? false
            fields = [
                (0x01, [PIVAlgorithm.identifier(of: piv.managementKey.kind)]),
                (0x02, [0x00, piv.managementTouch.rawValue]), (0x05, [isDefault ? 1 : 0]),
            ]
        default:
            guard let stored = piv.keys[apdu.p2], let material = stored.key.material,
                let key = try? card.loadedKey(material, kind: stored.key.kind),
                let publicKey = key.publicKeyTemplate, let inner = BERTLV.parse(publicKey)?.first?.value
            else {
                throw .referencedDataNotFound
            }
            fields = [
                (0x01, [PIVAlgorithm.identifier(of: stored.key.kind)]),
                (0x02, [stored.effectivePinPolicy(apdu.p2).rawValue, stored.effectiveTouchPolicy.rawValue]),
                (0x03, [stored.origin.rawValue]), (0x04, inner),
            ]
        }
        return CardResponse(data: fields.flatMap { BERTLV.encode($0.0, $0.1) })
    }
}
