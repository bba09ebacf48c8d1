import Endorsement
import Foundation
import SwiftASN1
import TPM2
import TPMClient
import TPMTypes
import TrustCrypto
import X509

/// `attestation`: what a remote verifier relies on — the EK and its certificate, an AK,
/// credential activation, quotes and the other signed statements, each checked in software.
enum AttestationSuite {
    static let suite = BenchSuite(
        name: "attestation",
        cases: [
            BenchCase(
                id: "att.ek-certificate",
                title: "EK certificates match the TCG template EKs and chain to the manufacturer CA",
                clause: "TCG EK Credential Profile 2.5 §2.2.1.4, §3.2", needs: [], body: ekCertificate),
            BenchCase(
                id: "att.ak-create", title: "an AK is a restricted signing key whose Name is nameAlg || H(public)",
                clause: "TPM 2.0 Part 1 §16, §34; Part 3 §24.1", needs: [], body: akCreate),
            BenchCase(
                id: "att.credential-activation",
                title:
                    "ActivateCredential releases a credential made in software for the AK, and only for it (RSA and ECC EKs)",
                clause: "TPM 2.0 Part 1 §24; Part 3 §12.5", needs: [], body: credentialActivation),
            BenchCase(
                id: "att.quote",
                title: "a quote verifies: signature, nonce, PCR digest; clock and reset count move forward",
                clause: "TPM 2.0 Part 3 §18.4; Part 2 §10.12.8", needs: [], body: quote),
            BenchCase(
                id: "att.quote-negative",
                title: "a replayed nonce, another PCR selection and a tampered quote are each detected",
                clause: "TPM 2.0 Part 3 §18.4", needs: [], body: quoteNegative),
            BenchCase(
                id: "att.measured-boot",
                title: "the event log's replay matches the quoted PCRs; a tampered log is detected",
                clause: "TCG PC Client PFP §10; TPM 2.0 Part 3 §18.4", needs: [], body: measuredBoot),
            BenchCase(
                id: "att.certify", title: "Certify by the AK names the certified key",
                clause: "TPM 2.0 Part 3 §18.2", needs: [], body: certify),
            BenchCase(
                id: "att.nv-certify", title: "NV_Certify by the AK carries the index Name and contents",
                clause: "TPM 2.0 Part 3 §18.9", needs: [], body: nvCertify),
            BenchCase(
                id: "att.gettime", title: "GetTime by the AK is signed and carries the nonce",
                clause: "TPM 2.0 Part 3 §18.7", needs: [], body: getTime),
        ])

    static func attestationKey(_ context: CaseContext) throws -> LoadedKey {
        context.scoped(
            try context.tpm.createPrimary(TPMRH.endorsement, Templates.attestationKey(try context.tpm.signingSuite())))
    }

    static func ekCertificate(_ context: CaseContext) throws {
        var checked: [String] = []
        for kind in EndorsementKeyKind.allCases {
            guard (try? context.tpm.nvReadPublic(kind.certificateIndex)) != nil else { continue }
            let der = try context.tpm.nvReadAll(kind.certificateIndex)
            let ek = context.scoped(try context.tpm.createPrimary(TPMRH.endorsement, kind.template))
            guard let certificate = try? Certificate(derEncoded: der) else {
                // swift-certificates holds no SM2 key: read such a certificate with swift-asn1 alone.
                try checkRawCertificate(context, der: der, kind: kind, ek: ek)
                checked.append(kind.rawValue)
                continue
            }
            let ekKey: Certificate.PublicKey
            switch ek.publicArea.unique {
            case .rsa(let modulus):
                ekKey = try Certificate.PublicKey(
                    pemEncoded: try RSA.PublicKey(modulus: modulus, exponent: 65537).pem())
            case .ecc(let point):
                ekKey = try Certificate.PublicKey(
                    pemEncoded: try ECC.PublicKey(curve: .nistP256, point: ECCPoint(x: point.x, y: point.y)).pem())
            case .digest: throw CaseFailure("the EK is not an asymmetric key")
            }
            try context.expect(
                certificate.publicKey == ekKey,
                "the \(kind.rawValue) certificate certifies another key than the EK the template gives")
            if let caPEM = context.target.manufacturerCA {
                let ca = try Certificate(pemEncoded: caPEM)
                try context.expect(
                    certificate.issuer == ca.subject,
                    "the \(kind.rawValue) certificate's issuer is not the manufacturer CA")
                try context.expect(
                    ca.publicKey.isValidSignature(certificate.signature, for: certificate),
                    "the \(kind.rawValue) certificate's signature does not verify with the manufacturer CA")
            }
            checked.append(kind.rawValue)
        }
        if checked.isEmpty {
            throw CaseSkip("no EK certificate in the TCG NV indices 0x1c00002 / 0x1c0000a of \(context.target.name)")
        }
        if context.target.manufacturerCA == nil {
            throw CaseSkip(
                "EK certificates (\(checked.joined(separator: ", "))) match the EKs; the chain was not checked: give the manufacturer CA with --ek-ca FILE"
            )
        }
    }

    /// The EK certificate check for keys X509 cannot hold: the certified point is the EK's,
    /// and the CA's ECDSA signature over the TBSCertificate verifies.
    static func checkRawCertificate(_ context: CaseContext, der: [UInt8], kind: EndorsementKeyKind, ek: LoadedKey)
        throws
    {
        let raw: RawCertificate
        do { raw = try RawCertificate(der: der) } catch {
            throw CaseFailure(
                "the \(kind.rawValue) EK certificate at 0x\(String(kind.certificateIndex, radix: 16)) is not X.509 DER: \(error)"
            )
        }
        guard case .ecc(let point) = ek.publicArea.unique else {
            throw CaseFailure("the \(kind.rawValue) EK is not an ECC key")
        }
        try context.expect(
            raw.subjectKey == [0x04] + point.x + point.y,
            "the \(kind.rawValue) certificate certifies another key than the EK the template gives")
        guard let caPEM = context.target.manufacturerCA else { return }
        let ca = try RawCertificate(der: try PEMDocument(pemString: caPEM).derBytes)
        try context.expect(
            raw.issuer == ca.subject, "the \(kind.rawValue) certificate's issuer is not the manufacturer CA")
        try context.expect(
            raw.isSigned(by: ca),
            "the \(kind.rawValue) certificate's signature does not verify with the manufacturer CA")
    }

    static func akCreate(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        let attributes = ak.publicArea.attributes
        try context.expect(
            attributes.isSuperset(of: [.restricted, .sign, .fixedTPM, .fixedParent, .sensitiveDataOrigin])
                && !attributes.contains(.decrypt),
            "the AK's attributes are 0x\(String(attributes.rawValue, radix: 16))")
        let read = try context.tpm.readPublic(ak.handle)
        try context.expect(read.outPublic == ak.publicArea, "ReadPublic returns another public area than CreatePrimary")
        var expected = TPMWriter()
        ak.publicArea.marshal(into: &expected)
        try context.expect(
            read.name == [0x00, 0x0B] + Hash.digest(.sha256, expected.bytes),
            "the AK's Name is not SHA-256 || H(TPMT_PUBLIC)")
    }

    /// For each default EK template the target supports, as a verifier enrolling it would.
    static func credentialActivation(_ context: CaseContext) throws {
        let kinds = try EndorsementKeyKind.allCases.filter { try context.tpm.supports($0.template) }
        if kinds.isEmpty { throw CaseSkip("\(context.target.name) supports none of the default EK templates") }
        let ak = try attestationKey(context)
        for kind in kinds {
            let ek = try context.tpm.createPrimary(TPMRH.endorsement, kind.template)
            defer { context.tpm.flush(ek.handle) }
            let credential = SecureBytes.random(32)
            func activate(_ blob: [UInt8], _ secret: [UInt8]) throws -> [UInt8] {
                // A high-range EK (the TCM's SM2 EK) allows its empty authValue; the others only
                // PolicySecret(TPM_RH_ENDORSEMENT).
                if ek.publicArea.attributes.contains(.userWithAuth) {
                    return try context.tpm.activateCredential(
                        key: ak.handle, ek: ek.handle, ekAuthorization: .password([]), blob: blob, secret: secret)
                }
                let session = try context.tpm.startPolicySession(hash: ek.publicArea.nameAlg)
                defer { context.tpm.flush(session) }
                try context.tpm.policySecretEndorsement(session)
                return try context.tpm.activateCredential(
                    key: ak.handle, ek: ek.handle, ekAuthorization: .session(session), blob: blob, secret: secret)
            }
            let made = try Verifier.makeCredential(credential, for: ak.name, ek: ek.publicArea)
            try context.expect(
                try activate(made.blob, made.secret) == credential,
                "ActivateCredential with the \(kind.rawValue) EK returned another credential")
            // Made for another key's Name, the integrity check fails (TPM_RC_INTEGRITY + parameter 1).
            let other = try Verifier.makeCredential(
                credential, for: [0x00, 0x0B] + SecureBytes.random(32), ek: ek.publicArea)
            try context.expectCode(0x1DF, "activating a credential made for another Name (\(kind.rawValue) EK)") {
                _ = try activate(other.blob, other.secret)
            }
        }
    }

    static let quotedPCRs = TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2, 3, 4, 5, 6, 7, 16])])

    /// A quote of `quotedPCRs` with a fresh nonce, checked the way a verifier checks one.
    static func verifiedQuote(_ context: CaseContext, ak: LoadedKey, nonce: [UInt8]) throws -> Verifier.Attest {
        let (attestBytes, signature) = try context.tpm.quote(ak.handle, nonce: nonce, selection: quotedPCRs)
        try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(
            attest.type == 0x8018,
            "the attestation type is 0x\(String(attest.type, radix: 16)), not TPM_ST_ATTEST_QUOTE")
        try context.expect(attest.extraData == nonce, "the quote does not carry the verifier's nonce")
        let info = try attest.quoteInfo()
        try context.expect(info.selection == quotedPCRs, "the quote covers another PCR selection than asked")
        let values = try context.tpm.pcrRead(quotedPCRs)
        let hash = try context.tpm.signingSuite().softwareHash
        try context.expect(
            info.pcrDigest == Hash.digest(hash, values.flatMap { $0 }),
            "the quoted PCR digest is not H(PCR values read) with the signing hash")
        return attest
    }

    static func quote(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        try context.tpm.pcrExtend(16, sha256: Hash.digest(.sha256, Array("trustbench quote".utf8)))
        context.cleanup { [tpm = context.tpm] in _ = try? tpm.link.call(PCR_Reset.self, handles: [16], passwords: [[]])
        }
        let first = try verifiedQuote(context, ak: ak, nonce: SecureBytes.random(20))
        let second = try verifiedQuote(context, ak: ak, nonce: SecureBytes.random(20))
        try context.expect(
            second.clock >= first.clock, "Clock went back between two quotes (\(first.clock) then \(second.clock))")
        try context.expect(second.resetCount == first.resetCount, "resetCount changed between two quotes with no reset")
    }

    static func quoteNegative(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        let expectedNonce = SecureBytes.random(20)
        let (attestBytes, signature) = try context.tpm.quote(
            ak.handle, nonce: SecureBytes.random(20), selection: quotedPCRs)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(attest.extraData != expectedNonce, "a quote made for another nonce passes the nonce check")
        let other = TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: [0, 1, 2, 3, 4, 5, 6, 7])])
        let otherDigest = try Hash.digest(
            try context.tpm.signingSuite().softwareHash, try context.tpm.pcrRead(other).flatMap { $0 })
        try context.expect(
            try attest.quoteInfo().pcrDigest != otherDigest, "the quote's PCR digest also matches another PCR selection"
        )
        var tampered = attestBytes
        tampered[tampered.count - 1] ^= 0x01
        do {
            try Verifier.verify(signature, over: tampered, by: ak.publicArea)
            throw CaseFailure("a quote with a changed PCR digest still verifies")
        } catch is CaseFailure {
            try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        }
    }

    /// The boot to check: on a target the bench can reset, a fresh boot of Firmware/uefi-basic;
    /// otherwise the log given with --eventlog.
    static func bootEvidence(_ context: CaseContext) throws -> EventLog {
        if let restart = context.target.restart {
            try restart()
            try context.tpm.startup()
            return try BootChain.named("uefi-basic").boot(context.tpm)
        }
        if let log = context.eventLog { return log }
        throw CaseSkip(
            "\(context.target.name) cannot be reset by the bench: give --eventlog FILE, the log of what was measured since its last reset (from trustbench boot, or the machine's binary_bios_measurements)"
        )
    }

    static func measuredBoot(_ context: CaseContext) throws {
        let log = try bootEvidence(context)
        guard let replayed = try log.replay()[.sha256], !replayed.isEmpty else {
            throw CaseSkip("the event log has no SHA-256 bank")
        }
        let pcrs = replayed.keys.sorted()
        let quoteHash = try context.tpm.signingSuite().softwareHash
        func replayDigest(_ values: [UInt32: [UInt8]]) throws -> [UInt8] {
            try Hash.digest(quoteHash, pcrs.flatMap { values[$0] ?? [] })
        }
        let ak = try attestationKey(context)
        let nonce = SecureBytes.random(20)
        let selection = TPMPCRSelectionList([TPMPCRSelection(hash: .sha256, pcrs: pcrs.map(Int.init))])
        let (attestBytes, signature) = try context.tpm.quote(ak.handle, nonce: nonce, selection: selection)
        try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(attest.extraData == nonce, "the quote does not carry the verifier's nonce")
        let quoted = try attest.quoteInfo().pcrDigest
        try context.expect(
            try quoted == replayDigest(replayed), "the quoted PCRs \(pcrs) differ from the event log's replay")
        // An attacker who swaps a measured image and its digest in the log is caught by the replay.
        guard let swapped = log.events.lastIndex(where: { $0.type != 0x3 && $0.type != 0x4 }) else { return }
        var tampered = log
        tampered.events[swapped].digests = try tampered.events[swapped].digests.map { alg, digest in
            (alg, try Hash.digest(alg.hashAlgorithm ?? .sha256, Array("another image".utf8)))
        }
        try context.expect(
            try replayDigest(try tampered.replay()[.sha256] ?? [:]) != quoted,
            "a tampered event log still matches the quote")
    }

    static func certify(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        let srk = context.scoped(
            try context.tpm.createPrimary(TPMRH.owner, Templates.storageKey(try context.tpm.signingSuite())))
        let nonce = SecureBytes.random(16)
        let (attestBytes, signature) = try context.tpm.certify(srk.handle, by: ak.handle, nonce: nonce)
        try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(
            attest.type == 0x8017 && attest.extraData == nonce, "not a TPM_ST_ATTEST_CERTIFY for this nonce")
        try context.expect(try attest.certifyInfo().name == srk.name, "the certified Name is not the key's")
    }

    static func nvCertify(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        let index: TPMHandle = 0x0150_0B01
        let data = Array("certified by the AK".utf8)
        try context.tpm.nvDefine(
            index, size: UInt16(data.count), attributes: [.ownerRead, .ownerWrite, .authRead, .noDA])
        context.cleanup { [tpm = context.tpm] in tpm.nvUndefine(index) }
        try context.tpm.nvWrite(index, data)
        let nonce = SecureBytes.random(16)
        let (attestBytes, signature) = try context.tpm.nvCertify(
            index, by: ak.handle, nonce: nonce, size: UInt16(data.count))
        try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(attest.type == 0x8014 && attest.extraData == nonce, "not a TPM_ST_ATTEST_NV for this nonce")
        var reader = TPMReader(attest.attested)
        let (name, offset, contents) = try BenchTPM.read(.nvCertify) { () throws(TPMError) in
            (try reader.readSized(max: 70), try reader.read(UInt16.self), try reader.readSized(max: 2048))
        }
        var publicArea = TPMWriter()
        try context.tpm.nvReadPublic(index).marshal(into: &publicArea)
        try context.expect(
            name == [0x00, 0x0B] + Hash.digest(.sha256, publicArea.bytes),
            "the certified index Name is not nameAlg || H(TPMS_NV_PUBLIC)")
        try context.expect(offset == 0 && contents == data, "the certified contents are not what was written")
    }

    static func getTime(_ context: CaseContext) throws {
        let ak = try attestationKey(context)
        let nonce = SecureBytes.random(16)
        let (attestBytes, signature) = try context.tpm.getTime(by: ak.handle, nonce: nonce)
        try Verifier.verify(signature, over: attestBytes, by: ak.publicArea)
        let attest = try Verifier.Attest(attestBytes)
        try context.expect(
            attest.type == 0x8019 && attest.extraData == nonce, "not a TPM_ST_ATTEST_TIME for this nonce")
        var reader = TPMReader(attest.attested)
        let (_, clock) = try BenchTPM.read(.getTime) { () throws(TPMError) in
            (try reader.read(UInt64.self), try reader.read(UInt64.self))
        }
        try context.expect(clock == attest.clock, "the time info's Clock differs from the attestation's clock info")
    }
}
