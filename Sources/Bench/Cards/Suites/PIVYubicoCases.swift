import TrustCrypto
import X509

/// The Yubico PIV extensions (Yubico's "PIV" technical manual: GET VERSION FD, GET SERIAL F8,
/// GET METADATA F7, ATTEST F9) as their own cases. A card without them answers the instruction
/// with 6D00 (ISO/IEC 7816-4 §5.6) and the case skips.
extension PIVSuite {
    static let yubicoVersion = CardCase(
        "piv.yubico-version", "GET VERSION answers three bytes: major, minor, patch",
        clause: "Yubico PIV extensions: GET VERSION (INS FD)"
    ) { context in
        let version = try context.card.yubicoData(CardCommand(ins: 0xFD, ne: 256), "GET VERSION")
        guard version.count == 3 else {
            throw CaseFailure("GET VERSION answered \(version.count) bytes, not major, minor and patch")
        }
    }

    static let yubicoSerial = CardCase(
        "piv.yubico-serial", "GET SERIAL answers the serial number in four bytes",
        clause: "Yubico PIV extensions: GET SERIAL (INS F8, firmware 5 and later)"
    ) { context in
        let serial = try context.card.yubicoData(CardCommand(ins: 0xF8, ne: 256), "GET SERIAL")
        guard serial.count == 4 else {
            throw CaseFailure("GET SERIAL answered \(serial.count) bytes, not a four-byte serial number")
        }
    }

    static let yubicoMetadata = CardCase(
        "piv.yubico-metadata", "GET METADATA of the PIN and the management key agrees with what the card does",
        clause: "Yubico PIV extensions: GET METADATA (INS F7, firmware 5.3 and later)"
    ) { context in
        let pin = try metadata(
            context.card.yubicoData(CardCommand(ins: 0xF7, p2: pinReference, ne: 256), "GET METADATA"))
        guard BenchTLV.value(0x01, in: pin) == [0xFF] else {
            throw CaseFailure("the PIN's metadata does not give algorithm FF (01) for a PIN")
        }
        guard let tries = BenchTLV.value(0x06, in: pin), tries.count == 2, tries[1] <= tries[0] else {
            throw CaseFailure("the PIN's metadata has no tries 06 (total, then remaining)")
        }
        let left = try context.card.triesLeft(pinReference)
        guard Int(tries[1]) == left else {
            throw CaseFailure("the PIN's metadata says \(tries[1]) tries remain; VERIFY without data says \(left)")
        }
        let key = try metadata(
            context.card.yubicoData(CardCommand(ins: 0xF7, p2: managementKeyReference, ne: 256), "GET METADATA"))
        let algorithm = try context.card.managementKeyAlgorithm()
        guard BenchTLV.value(0x01, in: key) == [algorithm] else {
            throw CaseFailure(
                "the management key's metadata gives algorithm \(CardTranscript.hex(BenchTLV.value(0x01, in: key) ?? [])); the key answers witnesses for \(CardTranscript.hex([algorithm]))"
            )
        }
    }

    static let yubicoAttestation = CardCase(
        "piv.yubico-attestation", "ATTEST of a generated key answers a certificate of that key signed by the F9 key",
        clause: "Yubico PIV extensions: ATTEST (INS F9), the attestation certificate 5FFF01", needs: [.destructive]
    ) { context in
        // Whether the card attests at all, before a key is replaced for it.
        let (held, object) = try context.card.pivObject(attestationCertificateTag)
        if held.sw == 0x6A82 || held.sw == 0x6D00 {
            throw CaseSkip("the card has no attestation certificate 5FFF01 (a Yubico extension)")
        }
        guard let outer = BenchTLV.elements(object), outer.count == 1, outer[0].tag == 0x53,
            let fields = BenchTLV.elements(outer[0].value), let issuerDER = BenchTLV.value(0x70, in: fields),
            let issuer = try? Certificate(derEncoded: issuerDER)
        else {
            throw CaseFailure("5FFF01 is not a 53 container with an X.509 certificate 70")
        }
        let algorithm = try context.card.quickestAlgorithm()
        let generated = try context.card.pivGenerate(algorithm, in: authenticationSlot)
        let der = try context.card.yubicoData(CardCommand(ins: 0xF9, p1: authenticationSlot, ne: 256), "ATTEST")
        let attestation: Certificate
        do { attestation = try Certificate(derEncoded: der) } catch {
            throw CaseFailure("ATTEST answered no X.509 certificate in DER: \(error)")
        }
        let pem: String
        switch generated {
        case .rsa(let key): pem = try key.pem()
        case .ec(let key): pem = try key.pem()
        }
        guard attestation.publicKey == (try Certificate.PublicKey(pemEncoded: pem)) else {
            throw CaseFailure("the attestation certifies another key than the one GENERATE answered")
        }
        guard attestation.issuer == issuer.subject else {
            throw CaseFailure("the attestation's issuer is not the subject of the attestation certificate 5FFF01")
        }
        guard issuer.publicKey.isValidSignature(attestation.signature, for: attestation) else {
            throw CaseFailure("the attestation's signature does not verify with the key of 5FFF01")
        }
    }

    /// Yubico's object holding the attestation key's (F9's) certificate.
    static let attestationCertificateTag: UInt32 = 0x5FFF01

    /// The TLVs of a GET METADATA answer.
    static func metadata(_ data: [UInt8]) throws -> [(tag: UInt32, value: [UInt8])] {
        guard let fields = BenchTLV.elements(data), !fields.isEmpty else {
            throw CaseFailure("GET METADATA answered no TLVs: \(CardTranscript.hex(data))")
        }
        return fields
    }
}

extension BenchCard {
    /// The data a Yubico extension's command answers, 61xx followed: skips the case on a card
    /// that lacks the instruction (6D00) and fails it on any other refusal.
    func yubicoData(_ command: CardCommand, _ name: String) throws -> [UInt8] {
        let answer = try send(command)
        if answer.sw == 0x6D00 { throw CaseSkip("the card has no \(name) (6D00): it is a Yubico extension") }
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 else {
            throw CaseFailure("\(name) answered \(answer.status)")
        }
        return try following(answer, ne: 65_536)
    }
}
