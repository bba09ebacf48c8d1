/// MANAGE SECURITY ENVIRONMENT (INS 22), ISO/IEC 7816-4 §11.5.11: P1 41, 81 or C1 SET (b7
/// computation/decipherment/internal authentication, b8 verification/encipherment/external
/// authentication) with P2 the template: A4 AT, B6 DST, B8 CT; the data carries the key
/// reference in 83 or 84. 80 (algorithm) is accepted and not interpreted: a key slot has one
/// algorithm. P1 F3 RESTORE (P2 00 or 01) empties the channel's environment.
enum SecurityEnvironmentCommand {
    /// 6A86 other P1/P2; 6A80 data that is not BER-TLV or lacks a one-byte key reference, or
    /// names a key unfit for the template (DST needs RSA or EC, CT needs RSA); 6A88 no such key.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        if apdu.p1 == 0xF3 {
            guard apdu.p2 <= 1 else { throw .incorrectP1P2 }
            try apdu.requireNoData()
            card.channel.environment = SecurityEnvironment()
            return CardResponse()
        }
        guard apdu.p1 & 0x0F == 0x01, apdu.p1 & 0xC0 != 0, apdu.p1 & 0x30 == 0,
            [0xA4, 0xB6, 0xB8].contains(apdu.p2)
        else { throw .incorrectP1P2 }
        guard let objects = BERTLV.parse(apdu.data),
            let reference = BERTLV.value(0x84, in: objects) ?? BERTLV.value(0x83, in: objects),
            reference.count == 1
        else { throw .incorrectData }
        guard let slot = card.state.keys[reference[0]] else { throw .referencedDataNotFound }
        switch apdu.p2 {
        case 0xB6:
            guard slot.kind.isAsymmetric else { throw .incorrectData }
            card.channel.environment.signature = slot.reference
        case 0xB8:
            guard slot.kind == .rsa2048 else { throw .incorrectData }
            card.channel.environment.confidentiality = slot.reference
        default:
            card.channel.environment.authentication = slot.reference
        }
        return CardResponse()
    }
}
