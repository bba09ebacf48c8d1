import Certificates
import TrustCrypto

/// GENERAL AUTHENTICATE (INS 87, SP 800-73-4 Part 2 §3.2.4): P1 the algorithm, P2 the key,
/// data a dynamic authentication template 7C whose empty element is the one asked for:
/// 80 witness, 81 challenge, 82 response, 85 exponentiation.
/// - Management key (9B): mutual authentication (80 empty → the witness encrypted; then 80 the
///   witness decrypted with 81 a host challenge, 82 empty or, as yubico-piv-tool sends it,
///   left out → 82 the challenge encrypted) or the card
///   authenticating the host (81 empty → a challenge; then 82 its encryption). A challenge
///   request needs no authentication and clients use it as a random source (OpenSC's
///   C_GenerateRandom), so it leaves the authentication status alone.
/// - Private keys: 81 data with 82 empty signs (RSA: the raw private operation on a block of
///   the modulus length, which is also PIV's RSA decryption; EC: ECDSA over the hash, answered
///   DER-encoded; a hash longer than the curve is truncated to its leftmost bits, FIPS 186-4
///   §6.4). 85 a peer point with 82 empty answers the ECDH shared secret.
enum PIVGeneralAuthenticate {
    static func run(_ apdu: CommandAPDU, _ card: CardOS) throws(StatusWord) -> CardResponse {
        guard let outer = BERTLV.parse(apdu.data), outer.count == 1, outer[0].tag == 0x7C,
            let elements = BERTLV.parse(outer[0].value), !elements.isEmpty
        else { throw .incorrectData }
        let template = Template(elements)
        let output: [(UInt16, [UInt8])]
        if apdu.p2 == PIVSlot.management {
            output = try authenticateHost(p1: apdu.p1, template, card)
        } else {
            output = try usePrivateKey(p1: apdu.p1, slot: apdu.p2, template, card)
        }
        let body = output.flatMap { BERTLV.encode($0.0, $0.1) }
        return CardResponse(data: body.isEmpty ? [] : BERTLV.encode(0x7C, body))
    }

    private struct Template {
        let witness, challenge, response, exponentiation: [UInt8]?
        init(_ elements: [(tag: UInt16, value: [UInt8])]) {
            witness = BERTLV.value(0x80, in: elements)
            challenge = BERTLV.value(0x81, in: elements)
            response = BERTLV.value(0x82, in: elements)
            exponentiation = BERTLV.value(0x85, in: elements)
        }
    }

    // MARK: Card management key

    /// 6A86 a P1 that is not the management key's algorithm; 6982 a wrong witness or response
    /// (and the pending exchange is forgotten); 6A80 a template that fits no step.
    private static func authenticateHost(p1: UInt8, _ template: Template, _ card: CardOS) throws(StatusWord) -> [(
        UInt16, [UInt8]
    )] {
        let key = card.piv.managementKey
        guard PIVAlgorithm.matches(p1, key.kind), let algorithm = key.kind.symmetricAlgorithm,
            case .secret(let secret) = key.material
        else { throw .incorrectP1P2 }
        let block = algorithm.blockSize
        var session = card.session.piv
        defer { card.session.piv = session }

        switch (template.witness, template.challenge, template.response) {
        case (let witness?, nil, nil) where witness.isEmpty:
            let fresh = SecureBytes.random(block)
            session.witness = fresh
            return [(0x80, try encrypt(fresh, algorithm, secret))]
        case (let witness?, let challenge?, let response) where response?.isEmpty ?? true && !witness.isEmpty:
            guard let expected = session.witness else { throw .conditionsOfUseNotSatisfied }
            session.witness = nil
            guard challenge.count == block else { throw .incorrectData }
            guard SecureBytes.equal(witness, expected) else { throw .securityStatusNotSatisfied }
            session.managementKeyAuthenticated = true
            return [(0x82, try encrypt(challenge, algorithm, secret))]
        case (nil, let challenge?, nil) where challenge.isEmpty:
            let fresh = SecureBytes.random(block)
            session.challenge = fresh
            return [(0x81, fresh)]
        case (nil, nil, let response?) where !response.isEmpty:
            guard let expected = session.challenge else { throw .conditionsOfUseNotSatisfied }
            session.challenge = nil
            guard SecureBytes.equal(response, try encrypt(expected, algorithm, secret)) else {
                throw .securityStatusNotSatisfied
            }
            session.managementKeyAuthenticated = true
            return []
        default:
            throw .incorrectData
        }
    }

    /// One block encrypted, ECB: the exchange carries single blocks only.
    private static func encrypt(_ block: [UInt8], _ algorithm: SymmetricAlgorithm, _ key: [UInt8]) throws(StatusWord)
        -> [UInt8]
    {
        do { return try SymmetricCipher.encrypt(algorithm, mode: .ecb, key: key, iv: [], data: block).output } catch {
            throw .incorrectData
        }
    }

    // MARK: Private keys

    /// 6A88 an empty or unknown slot; 6A86 P1 not the key's algorithm, or the attestation key
    /// (F9), which signs only what ATTEST builds: a host that could make it sign could forge
    /// an attestation for a key made outside the card; 6982 the PIN policy unmet; 6A80 input
    /// of the wrong size, or a point not on the curve.
    private static func usePrivateKey(p1: UInt8, slot: UInt8, _ template: Template, _ card: CardOS) throws(StatusWord)
        -> [(UInt16, [UInt8])]
    {
        guard slot != PIVSlot.attestation else { throw .incorrectP1P2 }
        guard let stored = card.piv.keys[slot], let material = stored.key.material else {
            throw .referencedDataNotFound
        }
        guard PIVAlgorithm.matches(p1, stored.key.kind) else { throw .incorrectP1P2 }
        guard template.response?.isEmpty == true else { throw .incorrectData }
        let key = try card.loadedKey(material, kind: stored.key.kind)

        if let point = template.exponentiation, template.challenge == nil {
            try authorizeUse(stored, slot: slot, card)
            return [(0x82, try key.agree(uncompressedPoint: point))]
        }
        guard let input = template.challenge, !input.isEmpty, template.exponentiation == nil else {
            throw .incorrectData
        }
        switch key {
        case .rsa(let rsa):
            guard input.count == rsa.publicKey.modulus.count else { throw .incorrectData }
            try authorizeUse(stored, slot: slot, card)
            do { return [(0x82, try rsa.decryptRaw(input))] } catch { throw .incorrectData }
        case .ec(let ec):
            try authorizeUse(stored, slot: slot, card)
            do {
                let (r, s) = try ec.signECDSA(digest: input)
                return [(0x82, try ECDSASigningKey.signatureValue(r: r, s: s))]
            } catch {
                throw .incorrectData
            }
        case .secret:
            throw .conditionsOfUseNotSatisfied
        }
    }

    /// The key's PIN policy: never, once per session, or a VERIFY right before each use.
    private static func authorizeUse(_ key: PIVKey, slot: UInt8, _ card: CardOS) throws(StatusWord) {
        switch key.effectivePinPolicy(slot) {
        case .never, .defaultPolicy:
            return
        case .once:
            try card.requirePIVPIN()
        case .always:
            try card.requirePIVPIN()
            guard card.session.piv.pinFreshlyVerified else { throw .securityStatusNotSatisfied }
            card.session.piv.pinFreshlyVerified = false
        }
    }
}
