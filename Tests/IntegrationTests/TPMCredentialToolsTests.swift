import Foundation
import Testing

/// tpm2-tools making and activating credentials and duplicating keys on `trustbench serve
/// tpm`: credentials made in software (`-T none`) and by the TPM are recovered, blobs cross to
/// and from real swtpm, a duplicated key imported into a second TPM signs what openssl verifies
/// with the original public key, and failures answer with swtpm's codes.
@Suite(
    .serialized,
    .enabled(
        if: Peers.isInstalled("tpm2_makecredential") && Peers.isInstalled("swtpm")
            && Peers.isInstalled("openssl"), "tpm2-tools, swtpm or openssl is not installed (Tools/install-deps)"))
struct TPMCredentialToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-credential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func read(_ name: String) throws -> Data { try Data(contentsOf: work.appendingPathComponent(name)) }

    /// Runs one tool that must succeed, then flushes the transient objects tools leave behind
    /// (three slots, no resource manager).
    private func step(_ server: TPMServerProcess, _ tool: String, _ args: [String]) throws {
        let result = try server.tool(tool, args)
        _ = try server.tool("tpm2_flushcontext", ["-t"])
        guard result.status == 0 else { throw TestFailure("\(tool) \(args): \(result.error)") }
    }

    /// The TPM response code a failing tool reported; nil when it succeeded.
    private func failureCode(_ server: TPMServerProcess, _ tool: String, _ args: [String]) throws -> UInt32? {
        let result = try server.tool(tool, args)
        _ = try server.tool("tpm2_flushcontext", ["-t"])
        return result.responseCode
    }

    /// A storage primary (the credential-protecting key, userWithAuth so no EK policy) and an
    /// AK under it; writes `tag`.ek.pub, `tag`.ek.ctx, `tag`.ak.ctx and `tag`.ak.name.
    private func keys(_ server: TPMServerProcess, _ tag: String, ekAlg: String) throws -> String {
        try step(server, "tpm2_createprimary", ["-C", "o", "-G", ekAlg, "-c", path("\(tag).ek.ctx")])
        try step(
            server, "tpm2_create",
            ["-C", path("\(tag).ek.ctx"), "-G", "ecc", "-u", path("\(tag).ak.pub"), "-r", path("\(tag).ak.priv")])
        try step(
            server, "tpm2_load",
            [
                "-C", path("\(tag).ek.ctx"), "-u", path("\(tag).ak.pub"), "-r", path("\(tag).ak.priv"),
                "-c", path("\(tag).ak.ctx"),
            ])
        try step(server, "tpm2_readpublic", ["-c", path("\(tag).ek.ctx"), "-o", path("\(tag).ek.pub")])
        try step(server, "tpm2_readpublic", ["-c", path("\(tag).ak.ctx"), "-n", path("\(tag).ak.name")])
        return try read("\(tag).ak.name").hex
    }

    private func activate(_ server: TPMServerProcess, _ tag: String, credential: String, out: String) throws {
        try step(
            server, "tpm2_activatecredential",
            [
                "-c", path("\(tag).ak.ctx"), "-C", path("\(tag).ek.ctx"),
                "-i", path(credential), "-o", path(out),
            ])
    }

    @Test(
        "A credential made in software or by the TPM is recovered by ActivateCredential, RSA and ECC",
        arguments: ["rsa2048", "ecc256"])
    func makeAndActivate(ekAlg: String) throws {
        let secret = Data("a credential of 24 bytes".utf8)
        try secret.write(to: work.appendingPathComponent("secret"))
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let name = try keys(server, "tb", ekAlg: ekAlg)
        try step(
            server, "tpm2_makecredential",
            ["-T", "none", "-u", path("tb.ek.pub"), "-s", path("secret"), "-n", name, "-o", path("sw.cred")])
        try step(
            server, "tpm2_makecredential",
            ["-u", path("tb.ek.pub"), "-s", path("secret"), "-n", name, "-o", path("tpm.cred")])
        try activate(server, "tb", credential: "sw.cred", out: "sw.out")
        try activate(server, "tb", credential: "tpm.cred", out: "tpm.out")
        #expect(try read("sw.out") == secret)
        #expect(try read("tpm.out") == secret)

        // Our MakeCredential, to keys held by real swtpm, activates there.
        let swtpm = try TPMServerProcess(.swtpm)
        defer { swtpm.stop() }
        let swName = try keys(swtpm, "sw", ekAlg: ekAlg)
        try step(
            server, "tpm2_makecredential",
            ["-u", path("sw.ek.pub"), "-s", path("secret"), "-n", swName, "-o", path("cross.cred")])
        try activate(swtpm, "sw", credential: "cross.cred", out: "cross.out")
        #expect(try read("cross.out") == secret)
    }

    @Test("A tampered credential blob fails with swtpm's code (TPM_RC_INTEGRITY on parameter 1)")
    func tamperedCredential() throws {
        try Data("12345678".utf8).write(to: work.appendingPathComponent("secret"))
        var codes: [UInt32?] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            let name = try keys(server, "k", ekAlg: "rsa2048")
            try step(
                server, "tpm2_makecredential",
                ["-T", "none", "-u", path("k.ek.pub"), "-s", path("secret"), "-n", name, "-o", path("c")])
            // File: magic, version, then TPM2B_ID_OBJECT (size, TPM2B integrity HMAC...): flip an HMAC byte.
            var blob = try read("c")
            blob[20] ^= 1
            try blob.write(to: work.appendingPathComponent("bad"))
            codes.append(
                try failureCode(
                    server, "tpm2_activatecredential",
                    [
                        "-c", path("k.ak.ctx"), "-C", path("k.ek.ctx"),
                        "-i", path("bad"), "-o", path("o"),
                    ]))
        }
        #expect(codes.first == 0x1DF)
        #expect(codes.first == codes.last, "ours \(codes.first as Any), swtpm \(codes.last as Any)")
    }

    /// A duplicable ECC signing key (no fixedTPM/fixedParent) whose authPolicy is
    /// PolicyCommandCode(Duplicate), under a primary on `server`; writes dup.pub, dup.priv, dup.pem.
    private func duplicableKey(_ server: TPMServerProcess, attributes: String = "sensitivedataorigin|userwithauth|sign")
        throws
    {
        try step(server, "tpm2_createprimary", ["-C", "o", "-c", path("src.ctx")])
        try step(server, "tpm2_startauthsession", ["-S", path("trial.ctx")])
        try step(
            server, "tpm2_policycommandcode", ["-S", path("trial.ctx"), "-L", path("dup.policy"), "TPM2_CC_Duplicate"])
        try step(server, "tpm2_flushcontext", [path("trial.ctx")])
        try step(
            server, "tpm2_create",
            [
                "-C", path("src.ctx"), "-G", "ecc", "-u", path("dup.pub"), "-r", path("dup.priv"),
                "-L", path("dup.policy"), "-a", attributes,
            ])
    }

    /// Duplicates dup.* to the parent whose public area is `parentPublic`, in a policy session.
    private func duplicate(_ server: TPMServerProcess, parentPublic: String, symmetric: String, out: String) throws
        -> UInt32?
    {
        try step(server, "tpm2_loadexternal", ["-C", "o", "-u", path(parentPublic), "-c", path("newparent.ctx")])
        try step(
            server, "tpm2_load",
            ["-C", path("src.ctx"), "-u", path("dup.pub"), "-r", path("dup.priv"), "-c", path("dup.ctx")])
        try step(server, "tpm2_startauthsession", ["--policy-session", "-S", path("policy.ctx")])
        defer { _ = try? server.tool("tpm2_flushcontext", [path("policy.ctx")]) }
        try step(server, "tpm2_policycommandcode", ["-S", path("policy.ctx"), "TPM2_CC_Duplicate"])
        var args = [
            "-C", path("newparent.ctx"), "-c", path("dup.ctx"), "-G", symmetric, "-p", "session:\(path("policy.ctx"))",
            "-r", path("\(out).priv"), "-s", path("\(out).seed"),
        ]
        if symmetric != "null" { args += ["-o", path("\(out).key")] }
        return try failureCode(server, "tpm2_duplicate", args)
    }

    /// Imports `blob` under dst.ctx on `server`, loads it, signs and checks the signature with openssl.
    private func importAndSign(_ server: TPMServerProcess, blob: String, symmetric: String) throws {
        var args = [
            "-C", path("dst.ctx"), "-u", path("dup.pub"), "-i", path("\(blob).priv"), "-s", path("\(blob).seed"),
            "-G", symmetric, "-r", path("\(blob).imported"),
        ]
        if symmetric != "null" { args += ["-k", path("\(blob).key")] }
        try step(server, "tpm2_import", args)
        try step(
            server, "tpm2_load",
            ["-C", path("dst.ctx"), "-u", path("dup.pub"), "-r", path("\(blob).imported"), "-c", path("imp.ctx")])
        try Data("signed after the move".utf8).write(to: work.appendingPathComponent("message"))
        try step(
            server, "tpm2_sign",
            ["-c", path("imp.ctx"), "-g", "sha256", "-f", "plain", "-o", path("\(blob).sig"), path("message")])
        let verify = try Peers.run(
            "openssl",
            ["dgst", "-sha256", "-verify", path("dup.pem"), "-signature", path("\(blob).sig"), path("message")])
        #expect(verify.status == 0, "\(blob): \(verify.output) \(verify.error)")
    }

    @Test(
        "A key duplicated with and without an inner wrapper imports into a second TPM and into swtpm, and signs there")
    func duplicateAndImport() throws {
        let source = try TPMServerProcess(.trustbenchSwtpm)
        defer { source.stop() }
        try duplicableKey(source)
        try step(
            source, "tpm2_load",
            ["-C", path("src.ctx"), "-u", path("dup.pub"), "-r", path("dup.priv"), "-c", path("dup.ctx")])
        try step(source, "tpm2_readpublic", ["-c", path("dup.ctx"), "-f", "pem", "-o", path("dup.pem")])

        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let target = try TPMServerProcess(kind)
            defer { target.stop() }
            try step(target, "tpm2_createprimary", ["-C", "o", "-c", path("dst.ctx")])
            try step(target, "tpm2_readpublic", ["-c", path("dst.ctx"), "-o", path("dst.pub")])
            for symmetric in ["null", "aes"] {
                let blob = "\(kind)-\(symmetric)"
                #expect(try duplicate(source, parentPublic: "dst.pub", symmetric: symmetric, out: blob) == nil)
                try importAndSign(target, blob: blob, symmetric: symmetric)
            }
        }
    }

    @Test("encryptedDuplication without an inner wrapper fails with swtpm's code")
    func encryptedDuplicationNeedsInnerWrapper() throws {
        var codes: [UInt32?] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try duplicableKey(server, attributes: "sensitivedataorigin|userwithauth|sign|encryptedduplication")
            try step(server, "tpm2_readpublic", ["-c", path("src.ctx"), "-o", path("parent.pub")])
            codes.append(try duplicate(server, parentPublic: "parent.pub", symmetric: "null", out: "refused"))
            #expect(try duplicate(server, parentPublic: "parent.pub", symmetric: "aes", out: "accepted") == nil)
        }
        // TPM_RC_SYMMETRIC on parameter 2.
        #expect(codes.first == 0x2D6)
        #expect(codes.first == codes.last, "ours \(codes.first as Any), swtpm \(codes.last as Any)")
    }
}
