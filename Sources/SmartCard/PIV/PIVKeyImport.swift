import TrustCrypto

/// Yubico IMPORT ASYMMETRIC KEY (INS FE): P1 the PIV algorithm, P2 the slot; data the private
/// key in TLVs: RSA as its CRT components 01 p, 02 q, 03 dP, 04 dQ, 05 qInv (public exponent
/// 65537, the only one the card takes); EC as 06 the private scalar; then the optional AA PIN
/// policy and AB touch policy. After the management key. The imported key is marked so
/// (metadata origin 02) and is never attested: the card cannot vouch for where it came from.
enum PIVKeyImport {
    /// 6A86 P2 not a key slot; 6A80 an unknown algorithm (for F9, anything but P-256), missing components, components that
    /// disagree (dP, dQ or qInv not those of p and q), or a scalar outside the curve's order;
    /// 6982 without the management key.
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard PIVSlot.keySlots.contains(apdu.p2) else { throw .incorrectP1P2 }
        guard let fields = BERTLV.parse(apdu.data) else { throw .incorrectData }
        let (kind, pinPolicy, touchPolicy) = try PIVKeyAttributes.parse(fields, algorithm: apdu.p1, card)
        // ATTEST signs with a P-256 attestation key; a replacement must be one too.
        guard apdu.p2 != PIVSlot.attestation || kind == .ecP256 else { throw .incorrectData }
        try card.requirePIVManagementKey()
        let material: CardKey.Material
        let loaded: LoadedKey
        do {
            if let bits = kind.rsaBits {
                guard let p = BERTLV.value(0x01, in: fields), let q = BERTLV.value(0x02, in: fields) else {
                    throw StatusWord.incorrectData
                }
                let key = try RSA.PrivateKey(p: p, q: q, exponent: 65537, keyBits: bits)
                try checkCRT(fields, of: key)
                (material, loaded) = (
                    .rsa(modulus: key.publicKey.modulus, exponent: key.publicKey.exponent, prime: key.prime), .rsa(key)
                )
            } else {
                guard let scalar = BERTLV.value(0x06, in: fields), let curve = kind.curve, scalar.count == curve.keySize
                else {
                    throw StatusWord.incorrectData
                }
                let key = try ECC.PrivateKey(curve: curve, scalar: scalar)
                (material, loaded) = (.ec(scalar: key.scalar), .ec(key))
            }
        } catch let status as StatusWord {
            throw status
        } catch {
            throw .incorrectData
        }
        card.remember(loaded, for: material, kind: kind)
        card.piv.keys[apdu.p2] = PIVKey(
            key: CardKey(reference: apdu.p2, kind: kind, material: material),
            pinPolicy: pinPolicy, touchPolicy: touchPolicy, origin: .imported)
        return CardResponse()
    }

    /// The CRT exponents the host sent must be the ones p and q give: a key whose halves
    /// disagree would sign wrongly with some implementations and is refused rather than half
    /// used. TrustCrypto orders the primes larger first; when the host's p is the smaller, its
    /// dP is our dQ. (qInv depends on that order too and is recomputed, not compared.)
    private static func checkCRT(_ fields: [(tag: UInt16, value: [UInt8])], of key: RSA.PrivateKey) throws {
        guard let p = BERTLV.value(0x01, in: fields), let dP = BERTLV.value(0x03, in: fields),
            let dQ = BERTLV.value(0x04, in: fields), BERTLV.value(0x05, in: fields) != nil
        else { throw StatusWord.incorrectData }
        let significant = { (bytes: [UInt8]) in Array(bytes.drop { $0 == 0 }) }
        let expected = try key.crtComponents
        let sameOrder = significant(p) == significant(key.prime)
        let (ours1, ours2) = sameOrder ? (expected.dP, expected.dQ) : (expected.dQ, expected.dP)
        guard SecureBytes.equal(significant(dP), significant(ours1)),
            SecureBytes.equal(significant(dQ), significant(ours2))
        else {
            throw StatusWord.incorrectData
        }
    }
}
