import Foundation
import Testing

/// tpm2-tools attestation flows (quote, gettime, certify, certifycreation, nvcertify) against
/// `trustbench serve tpm`, each checked by an independent verifier: tpm2_checkquote for quotes
/// and `openssl dgst -verify` over the attestation bytes for the rest.
@Suite(.serialized, .enabled(if: Peers.isInstalled("tpm2_quote"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMAttestationToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-attest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: work.appendingPathComponent(name)))
    }

    /// A restricted ECDSA (or RSASSA) signing key, an attestation key, as a primary in `hierarchy`.
    private func attestationKey(
        _ server: TPMServerProcess, hierarchy: String = "e", algorithm: String = "ecc256:ecdsa-sha256:null",
        name: String = "ak"
    ) throws -> String {
        let created = try server.tool(
            "tpm2_createprimary",
            [
                "-C", hierarchy, "-G", algorithm,
                "-a", "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign",
                "-c", path("\(name).ctx"),
            ])
        #expect(created.status == 0, "\(created.error)")
        #expect(
            try server.tool("tpm2_readpublic", ["-c", path("\(name).ctx"), "-f", "pem", "-o", path("\(name).pem")])
                .status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        return path("\(name).ctx")
    }

    private func opensslVerifies(_ key: String, signature: String, data: String) throws -> Bool {
        try Peers.run("openssl", ["dgst", "-sha256", "-verify", path(key), "-signature", path(signature), path(data)])
            .output
            .contains("Verified OK")
    }

    @Test(
        "quote of sha256 PCRs 0, 1 and 16 verifies with tpm2_checkquote, for ECDSA and RSASSA keys; a wrong nonce fails"
    )
    func quote() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(try server.tool("tpm2_pcrextend", ["16:sha256=" + String(repeating: "5a", count: 32)]).status == 0)
        for (name, algorithm) in [("ecc", "ecc256:ecdsa-sha256:null"), ("rsa", "rsa2048:rsassa-sha256:null")] {
            let key = try attestationKey(server, algorithm: algorithm, name: name)
            let quoted = try server.tool(
                "tpm2_quote",
                [
                    "-c", key, "-l", "sha256:0,1,16", "-q", "c0ffee01", "-g", "sha256",
                    "-m", path("\(name).msg"), "-s", path("\(name).sig"), "-o", path("\(name).pcrs"),
                ])
            #expect(quoted.status == 0, "\(quoted.error)")
            #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
            let checked = try Peers.run(
                "tpm2_checkquote",
                [
                    "-u", path("\(name).pem"), "-m", path("\(name).msg"), "-s", path("\(name).sig"),
                    "-f", path("\(name).pcrs"), "-g", "sha256", "-q", "c0ffee01",
                ])
            #expect(checked.status == 0, "\(name): \(checked.error)")
            let wrongNonce = try Peers.run(
                "tpm2_checkquote",
                [
                    "-u", path("\(name).pem"), "-m", path("\(name).msg"), "-s", path("\(name).sig"),
                    "-f", path("\(name).pcrs"), "-g", "sha256", "-q", "c0ffee02",
                ])
            #expect(wrongNonce.status != 0, "a quote for another nonce must not check")
        }
    }

    @Test(
        "gettime: signed by the key, magic and type right, real reset count for an endorsement key, hidden for a storage key"
    )
    func getTime() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        // tpm2_readclock prints "reset_count: N"; a provisioned TPM has already been reset.
        let clock = try server.tool("tpm2_readclock", []).output
        let resetLine = clock.split(separator: "\n").first { $0.contains("reset_count") } ?? ""
        let resetCount = try #require(
            UInt32(resetLine.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""))
        for (hierarchy, name) in [("e", "endorsement"), ("o", "owner")] {
            let key = try attestationKey(server, hierarchy: hierarchy, name: name)
            let result = try server.tool(
                "tpm2_gettime",
                [
                    "-c", key, "-q", "1234", "-o", path("\(name).sig"), "--attestation", path("\(name).att"),
                    "-f", "plain",
                ])
            #expect(result.status == 0, "\(result.error)")
            #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
            #expect(try opensslVerifies("\(name).pem", signature: "\(name).sig", data: "\(name).att"))
            let attest = try Attest(try bytes("\(name).att"))
            #expect(attest.magic == 0xFF54_4347 && attest.type == 0x8019)
            #expect(attest.extraData == [0x12, 0x34])
            if hierarchy == "e" {
                #expect(attest.resetCount == resetCount, "an endorsement key reports the real count")
            } else {
                #expect(attest.resetCount != resetCount, "a storage key's attestation hides the reset count")
            }
        }
    }

    @Test(
        "certify and certifycreation: signed statements naming the certified key, checked by openssl; a forged ticket is refused"
    )
    func certify() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let ak = try attestationKey(server)
        let created = try server.tool(
            "tpm2_createprimary",
            [
                "-C", "o", "-G", "ecc256", "-c", path("key.ctx"),
                "--creation-data", path("creation.data"), "--creation-ticket", path("creation.ticket"),
                "-d", path("creation.hash"),
            ])
        #expect(created.status == 0, "\(created.error)")
        let name = try server.tool("tpm2_readpublic", ["-c", path("key.ctx"), "-n", path("key.name")])
        #expect(name.status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)

        let certified = try server.tool(
            "tpm2_certify",
            [
                "-c", path("key.ctx"), "-C", ak, "-g", "sha256", "-f", "plain",
                "-o", path("certify.att"), "-s", path("certify.sig"),
            ])
        #expect(certified.status == 0, "\(certified.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try opensslVerifies("ak.pem", signature: "certify.sig", data: "certify.att"))
        let certify = try Attest(try bytes("certify.att"))
        #expect(certify.type == 0x8017)
        #expect(certify.attestedFirstName == (try bytes("key.name")))

        let creation = try server.tool(
            "tpm2_certifycreation",
            [
                "-C", ak, "-c", path("key.ctx"), "-d", path("creation.hash"),
                "-t", path("creation.ticket"), "-g", "sha256", "-f", "plain",
                "-o", path("creation.sig"), "--attestation", path("creation.att"),
            ])
        #expect(creation.status == 0, "\(creation.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try opensslVerifies("ak.pem", signature: "creation.sig", data: "creation.att"))
        #expect(try Attest(try bytes("creation.att")).type == 0x801A)

        // Another creation hash: the ticket does not vouch for it (TPM_RC_TICKET on parameter 4).
        // tpm2-tools reads the hash as a marshalled TPM2B_DIGEST.
        try (Data([0x00, 0x20]) + Data(repeating: 0x11, count: 32)).write(to: work.appendingPathComponent("other.hash"))
        let forged = try server.tool(
            "tpm2_certifycreation",
            [
                "-C", ak, "-c", path("key.ctx"), "-d", path("other.hash"),
                "-t", path("creation.ticket"), "-g", "sha256", "-f", "plain",
                "-o", path("x.sig"), "--attestation", path("x.att"),
            ])
        #expect(forged.rc == 0x4E0, "\(forged.error)")
    }

    @Test("nvcertify: the signed copy of an index's bytes matches what was written")
    func nvCertify() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let ak = try attestationKey(server)
        #expect(
            try server.tool("tpm2_nvdefine", ["0x1500070", "-C", "o", "-s", "16", "-a", "ownerread|ownerwrite"]).status
                == 0)
        let data = Data("attested content".utf8)
        try data.write(to: work.appendingPathComponent("nv.bin"))
        #expect(try server.tool("tpm2_nvwrite", ["0x1500070", "-C", "o", "-i", path("nv.bin")]).status == 0)
        let certified = try server.tool(
            "tpm2_nvcertify",
            [
                "-C", ak, "-c", "o", "-g", "sha256", "-f", "plain", "-o", path("nv.sig"),
                "--attestation", path("nv.att"), "--size", "16", "--offset", "0", "0x1500070",
            ])
        #expect(certified.status == 0, "\(certified.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try opensslVerifies("ak.pem", signature: "nv.sig", data: "nv.att"))
        let attest = try Attest(try bytes("nv.att"))
        #expect(attest.type == 0x8014)
        #expect(Data(attest.attested.suffix(16)) == data)
    }
}

/// The fixed part of TPMS_ATTEST, read independently of the engine's code.
private struct Attest {
    var magic: UInt32
    var type: UInt16
    var extraData: [UInt8]
    var resetCount: UInt32
    var attested: [UInt8]

    /// The first TPM2B_NAME of the attested union (certify, creation and NV all start with one).
    var attestedFirstName: [UInt8] {
        guard attested.count >= 2 else { return [] }
        let size = Int(attested[0]) << 8 | Int(attested[1])
        return Array(attested.dropFirst(2).prefix(size))
    }

    init(_ bytes: [UInt8]) throws {
        var offset = 0
        func take(_ count: Int) throws -> [UInt8] {
            guard offset + count <= bytes.count else { throw TestFailure("TPMS_ATTEST is truncated") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
        func number(_ count: Int) throws -> UInt64 { try take(count).reduce(0) { $0 << 8 | UInt64($1) } }
        func sized() throws -> [UInt8] { try take(Int(try number(2))) }
        magic = UInt32(try number(4))
        type = UInt16(try number(2))
        _ = try sized()  // qualifiedSigner
        extraData = try sized()
        _ = try number(8)  // clock
        resetCount = UInt32(try number(4))
        _ = try number(4)  // restartCount
        _ = try number(1)  // safe
        _ = try number(8)  // firmwareVersion
        attested = Array(bytes[offset...])
    }
}

/// Command and session audit through tpm2-tools, with the audit digests recomputed from the
/// bytes on the wire by openssl (Part 1 §33: digest = H(digest || cpHash || rpHash)).
@Suite(
    .serialized,
    .enabled(if: Peers.isInstalled("tpm2_getcommandauditdigest"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMAuditToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        let raw = try Peers.run("sh", ["-c", "openssl dgst -sha256 -binary | od -An -tx1 -v"], input: Data(bytes))
            .output
        return raw.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
    }

    private func hexBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        while characters.count >= 2 {
            out.append(UInt8(String(characters.prefix(2)), radix: 16) ?? 0)
            characters.removeFirst(2)
        }
        return out
    }

    /// cpHash and rpHash of TPM2_GetRandom(8) that returned `random` (no handles, no encryption).
    private func getRandomHashes(_ random: [UInt8]) throws -> [UInt8] {
        let cp = try sha256([0x00, 0x00, 0x01, 0x7B, 0x00, 0x08])
        let rp = try sha256([0, 0, 0, 0, 0x00, 0x00, 0x01, 0x7B, 0x00, UInt8(random.count)] + random)
        return cp + rp
    }

    @Test(
        "command audit: the signed digest covers SetCommandCodeAuditStatus and two GetRandoms, as recomputed by openssl"
    )
    func commandAudit() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(
            try server.tool(
                "tpm2_createprimary",
                [
                    "-C", "e", "-G", "ecc256:ecdsa-sha256:null", "-c", path("ak.ctx"),
                    "-a", "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign",
                ]
            ).status == 0)
        #expect(
            try server.tool("tpm2_readpublic", ["-c", path("ak.ctx"), "-f", "pem", "-o", path("ak.pem")]).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try server.tool("tpm2_getcap", ["properties-variable"]).output.contains("TPM2_PT_AUDIT_COUNTER_1: 0x0"))
        #expect(try server.tool("tpm2_setcommandauditstatus", ["-g", "sha256", "TPM2_CC_GetRandom"]).status == 0)
        // The first audited command into the empty digest counts a new audit sequence, as on swtpm.
        #expect(try server.tool("tpm2_getcap", ["properties-variable"]).output.contains("TPM2_PT_AUDIT_COUNTER_1: 0x1"))
        // On its own tpm2_getrandom encrypts the response, and the audit hashes the ciphertext;
        // an audit session (no encryption) keeps the wire bytes equal to what the tool prints.
        #expect(try server.tool("tpm2_startauthsession", ["-S", path("plain.ctx"), "--audit-session"]).status == 0)
        let first = hexBytes(try server.tool("tpm2_getrandom", ["8", "--hex", "-S", path("plain.ctx")]).output)
        let second = hexBytes(try server.tool("tpm2_getrandom", ["8", "--hex", "-S", path("plain.ctx")]).output)
        #expect(first.count == 8 && second.count == 8)
        let got = try server.tool(
            "tpm2_getcommandauditdigest",
            [
                "-c", path("ak.ctx"), "-g", "sha256", "-f", "plain",
                "-s", path("cad.sig"), "-m", path("cad.att"), "-q", "00",
            ])
        #expect(got.status == 0, "\(got.error)")
        let verified = try Peers.run(
            "openssl", ["dgst", "-sha256", "-verify", path("ak.pem"), "-signature", path("cad.sig"), path("cad.att")])
        #expect(verified.output.contains("Verified OK"))

        // The tool sends SetCommandCodeAuditStatus twice, each itself audited: (owner, sha256,
        // [], []) to choose the hash, then (owner, sha256, [GetRandom], []).
        let owner: [UInt8] = [0x40, 0x00, 0x00, 0x01]
        let code: [UInt8] = [0x00, 0x00, 0x01, 0x40]
        let setRp = try sha256([0, 0, 0, 0] + code)
        let hashCp = try sha256(code + owner + [0x00, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0])
        let listCp = try sha256(code + owner + [0x00, 0x0B, 0, 0, 0, 1, 0x00, 0x00, 0x01, 0x7B, 0, 0, 0, 0])
        var digest = try sha256([UInt8](repeating: 0, count: 32) + hashCp + setRp)
        digest = try sha256(digest + listCp + setRp)
        digest = try sha256(digest + getRandomHashes(first))
        digest = try sha256(digest + getRandomHashes(second))
        let attest = Array(try Data(contentsOf: work.appendingPathComponent("cad.att")))
        // TPMS_COMMAND_AUDIT_INFO ends with auditDigest (TPM2B) and commandDigest (TPM2B of 32).
        let tail = Array(attest.suffix(2 + 32 + 2 + 32))
        #expect(Array(tail.prefix(34)) == [0x00, 0x20] + digest, "the audit digest recomputed from the wire")
        #expect(
            Array(tail.suffix(32)) == (try sha256([0x00, 0x00, 0x01, 0x40, 0x00, 0x00, 0x01, 0x7B])),
            "commandDigest: H(SetCommandCodeAuditStatus || GetRandom)")
    }

    @Test("session audit: two audited GetRandoms give the digest openssl recomputes, signed by the key")
    func sessionAudit() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(
            try server.tool(
                "tpm2_createprimary",
                [
                    "-C", "e", "-G", "ecc256:ecdsa-sha256:null", "-c", path("ak.ctx"),
                    "-a", "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign",
                ]
            ).status == 0)
        #expect(
            try server.tool("tpm2_readpublic", ["-c", path("ak.ctx"), "-f", "pem", "-o", path("ak.pem")]).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try server.tool("tpm2_startauthsession", ["-S", path("audit.ctx"), "--audit-session"]).status == 0)
        let first = hexBytes(try server.tool("tpm2_getrandom", ["8", "--hex", "-S", path("audit.ctx")]).output)
        let second = hexBytes(try server.tool("tpm2_getrandom", ["8", "--hex", "-S", path("audit.ctx")]).output)
        let got = try server.tool(
            "tpm2_getsessionauditdigest",
            [
                "-c", path("ak.ctx"), "-g", "sha256", "-f", "plain",
                "-s", path("sad.sig"), "-m", path("sad.att"), "-S", path("audit.ctx"),
            ])
        #expect(got.status == 0, "\(got.error)")
        let verified = try Peers.run(
            "openssl", ["dgst", "-sha256", "-verify", path("ak.pem"), "-signature", path("sad.sig"), path("sad.att")])
        #expect(verified.output.contains("Verified OK"))
        var digest = try sha256([UInt8](repeating: 0, count: 32) + getRandomHashes(first))
        digest = try sha256(digest + getRandomHashes(second))
        let attest = Array(try Data(contentsOf: work.appendingPathComponent("sad.att")))
        #expect(Array(attest.suffix(34)) == [0x00, 0x20] + digest)
        #expect(attest[attest.count - 35] == 0, "not exclusive: the tool loaded the key between, unaudited")
    }
}
