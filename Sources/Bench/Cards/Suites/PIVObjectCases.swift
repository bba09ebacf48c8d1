import TrustCrypto
import X509

/// The piv suite's certificate and PUT DATA cases (SP 800-73-4 Part 1 §3.1.3, Table 10; Part 2
/// §3.3.1 and the access rules of §3.3.1 and §3.3.2).
extension PIVSuite {
    /// The certificate containers of the four PIV key slots (Part 1 Table 3).
    static let certificateContainers: [(slot: UInt8, tag: UInt32)] = [
        (0x9A, 0x5FC105), (0x9C, 0x5FC10A), (0x9D, 0x5FC10B), (0x9E, 0x5FC101),
    ]
    /// The container written by the PUT DATA case: retired key management key 1's certificate,
    /// the object a live credential is least likely to rely on.
    static let scratchContainer: UInt32 = 0x5FC10D

    static let certificates = CardCase(
        "piv.certificates", "Each certificate container present holds an X.509 certificate, its CertInfo and EDC",
        clause: "SP 800-73-4 Part 1 §3.1.3, Table 10 (the layout of every certificate container)"
    ) { context in
        var present: [String] = []
        for (slot, tag) in certificateContainers {
            let name = "certificate of key \(CardTranscript.hex([slot]))"
            let (answer, object) = try context.card.pivObject(tag)
            if answer.sw == 0x6A82 { continue }
            let fields = try context.card.pivContainer(tag, name)
            guard let certificate = BenchTLV.value(0x70, in: fields), !certificate.isEmpty else {
                throw CaseFailure("the \(name) has no certificate 70: \(CardTranscript.hex(object))")
            }
            guard let info = BenchTLV.value(0x71, in: fields), info.count == 1 else {
                throw CaseFailure("the \(name) has no one-byte CertInfo 71")
            }
            guard BenchTLV.value(0xFE, in: fields) != nil else {
                throw CaseFailure("the \(name) has no error detection code FE")
            }
            // CertInfo's low bit: the certificate is gzip-compressed (Part 1 §3.1.3).
            if info[0] & 0x01 != 0 {
                guard certificate.starts(with: [0x1F, 0x8B]) else {
                    throw CaseFailure("the \(name) says it is compressed but is not gzip data")
                }
            } else {
                do { _ = try Certificate(derEncoded: certificate) } catch {
                    throw CaseFailure("the \(name) is not an X.509 certificate in DER: \(error)")
                }
            }
            present.append(CardTranscript.hex([slot]))
        }
        if present.isEmpty { throw CaseSkip("the card holds no certificate for keys 9A, 9C, 9D or 9E") }
    }

    static let putData = CardCase(
        "piv.put-data", "PUT DATA after the management key stores a container that GET DATA reads back unchanged",
        clause: "SP 800-73-4 Part 2 §3.3.1 (PUT DATA), §3.1.2", needs: [.destructive]
    ) { context in
        try context.card.authenticateManagementKey()
        let (answer, original) = try context.card.pivObject(scratchContainer)
        guard answer.sw == 0x9000 || answer.sw1 == 0x61 || answer.sw == 0x6A82 else {
            throw CaseFailure("GET DATA of the retired certificate container 5FC10D answered \(answer.status)")
        }
        let content = [UInt8]("TrustBench PUT DATA ".utf8) + SecureBytes.random(64)
        let container =
            [0x53] + BenchTLV.length(content.count + 7) + [0x70] + BenchTLV.length(content.count)
            + content + [0x71, 0x01, 0x00, 0xFE, 0x00]
        // Put back what was there; an empty 53 deletes the object where there was none.
        context.onCleanup {
            _ = try? context.card.sendChained(
                putDataCommand(scratchContainer, original.isEmpty ? [0x53, 0x00] : original))
        }
        try context.expect(
            context.card.sendChained(putDataCommand(scratchContainer, container)), [0x9000],
            "PUT DATA of the retired certificate container 5FC10D")
        let (reread, stored) = try context.card.pivObject(scratchContainer)
        guard reread.sw == 0x9000 || reread.sw1 == 0x61, stored == container else {
            throw CaseFailure("GET DATA of 5FC10D after PUT DATA answered \(reread), not the container written")
        }
    }

    static let managementKeyRequired = CardCase(
        "piv.management-key-required",
        "After a power cycle PUT DATA and GENERATE are refused (6982) until the management key",
        clause: "SP 800-73-4 Part 2 §3.3.1, §3.3.2 (access rules); Part 1 Table 4b",
        needs: [.destructive, .powerCycle]
    ) { context in
        let (_, original) = try context.card.pivObject(scratchContainer)
        try context.card.powerCycle()
        // What is written is what the container held: a card that wrongly takes it changes nothing.
        try context.expect(
            context.card.sendChained(putDataCommand(scratchContainer, original.isEmpty ? [0x53, 0x00] : original)),
            [0x6982], "PUT DATA without the card management key")
        let algorithm = try context.card.quickestAlgorithm()
        try context.expect(
            context.card.send(
                CardCommand(ins: 0x47, p2: 0x82, data: [0xAC, 0x03, 0x80, 0x01, algorithm.identifier], ne: 256)),
            [0x6982], "GENERATE in retired slot 82 without the card management key")
    }

    /// PUT DATA (INS DB, P1-P2 3FFF) of `object` (its 53, or 7E) under `tag`.
    static func putDataCommand(_ tag: UInt32, _ object: [UInt8]) -> CardCommand {
        let tagBytes: [UInt8] = [UInt8(tag >> 16), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)]
        return CardCommand(ins: 0xDB, p1: 0x3F, p2: 0xFF, data: [0x5C, 0x03] + tagBytes + object)
    }
}
