import Foundation
import Testing

/// The EK certificates a newly manufactured `trustbench serve tpm` carries: tpm2_getekcertificate
/// reads them offline, openssl verifies them against the CA `--export-ca` writes, their keys are
/// the ones tpm2_createek makes, and what Clear, ChangePPS and ChangeEPS do to them and to
/// derived keys is what a real chip does.
@Suite(
    .serialized,
    .enabled(
        if: Peers.isInstalled("tpm2_getekcertificate") && Peers.isInstalled("openssl"),
        "tpm2-tools or openssl is not installed (Tools/install-deps)"))
struct TPMEndorsementToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-endorsement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func read(_ name: String) throws -> Data { try Data(contentsOf: work.appendingPathComponent(name)) }

    private func openssl(_ args: [String]) throws -> Peers.Result {
        let result = try Peers.run("openssl", args)
        guard result.status == 0 else { throw TestFailure("openssl \(args.joined(separator: " ")): \(result.error)") }
        return result
    }

    /// A server on a new state folder that exports its CA to `tag`.ca.pem.
    private func newServer(_ tag: String) throws -> TPMServerProcess {
        try TPMServerProcess(.trustbenchSwtpm, arguments: ["--export-ca", path("\(tag).ca.pem")])
    }

    /// Reads both EK certificates with tpm2_getekcertificate and converts them to PEM:
    /// `tag`.rsa.pem and `tag`.ecc.pem.
    private func fetchCertificates(_ server: TPMServerProcess, _ tag: String) throws {
        try server.succeed("tpm2_getekcertificate", ["-o", path("\(tag).rsa.der"), "-o", path("\(tag).ecc.der")])
        for kind in ["rsa", "ecc"] {
            _ = try openssl([
                "x509", "-inform", "der", "-in", path("\(tag).\(kind).der"), "-out", path("\(tag).\(kind).pem"),
            ])
        }
    }

    /// The public key (PEM) a certificate carries.
    private func certifiedKey(_ certificate: String) throws -> String {
        try openssl(["x509", "-in", path(certificate), "-noout", "-pubkey"]).output
    }

    /// The EK tpm2_createek makes now from the default template, as PEM.
    private func currentEK(_ server: TPMServerProcess, _ kind: String) throws -> String {
        try server.succeed(
            "tpm2_createek", ["-c", path("ek.ctx"), "-G", kind, "-f", "pem", "-u", path("ek.\(kind).pem")])
        return String(decoding: try read("ek.\(kind).pem"), as: UTF8.self)
    }

    @Test(
        "getekcertificate reads RSA and ECC certificates that openssl verifies against the exported CA; their keys are createek's"
    )
    func certificatesVerify() throws {
        let server = try newServer("tb")
        defer { server.stop() }
        try fetchCertificates(server, "tb")
        let verified = try openssl(["verify", "-CAfile", path("tb.ca.pem"), path("tb.rsa.pem"), path("tb.ecc.pem")])
        #expect(
            verified.output.contains("tb.rsa.pem: OK") && verified.output.contains("tb.ecc.pem: OK"),
            "\(verified.output)")
        #expect(try certifiedKey("tb.rsa.pem") == currentEK(server, "rsa"))
        #expect(try certifiedKey("tb.ecc.pem") == currentEK(server, "ecc"))

        // The TCG EK Credential Profile's content: the TPM in a critical subjectAltName, key
        // usage by key type, tcg-kp-EKCertificate.
        let rsaText = try openssl(["x509", "-in", path("tb.rsa.pem"), "-noout", "-text"]).output
        let eccText = try openssl(["x509", "-in", path("tb.ecc.pem"), "-noout", "-text"]).output
        #expect(rsaText.contains("X509v3 Subject Alternative Name: critical"), "\(rsaText)")
        #expect(rsaText.contains("2.23.133.2.1=id:54424348"), "manufacturer TBCH: \(rsaText)")
        #expect(rsaText.contains("2.23.133.8.1"), "\(rsaText)")
        #expect(rsaText.contains("Key Encipherment") && eccText.contains("Key Agreement"))

        // Platform-created and write-locked: nobody rewrites or removes them.
        let nv = try server.tool("tpm2_nvreadpublic", ["0x1c00002"]).output
        #expect(nv.contains("platformcreate") && nv.contains("writelocked") && nv.contains("ownerread"), "\(nv)")
        #expect(
            try server.tool("tpm2_nvwrite", ["-C", "p", "-i", path("tb.rsa.der"), "0x1c00002"]).rc == 0x148,
            "TPM_RC_NV_LOCKED")
        #expect(
            try server.tool("tpm2_nvundefine", ["-C", "o", "0x1c0000a"]).rc == 0x149,
            "owner cannot remove a platform index")
    }

    @Test("The CA belongs to the TPM state: a restart exports the same CA, another state has another CA")
    func caPerState() throws {
        let first = try newServer("first")
        try fetchCertificates(first, "first")
        first.stop()
        let again = try TPMServerProcess(
            .trustbenchSwtpm, stateDirectory: first.stateDirectory,
            arguments: ["--export-ca", path("again.ca.pem")])
        defer { again.stop() }
        try fetchCertificates(again, "again")
        #expect(try read("again.ca.pem") == read("first.ca.pem"))
        #expect(try read("again.rsa.der") == read("first.rsa.der"), "the certificate is not issued again")

        let other = try newServer("other")
        defer { other.stop() }
        #expect(try read("other.ca.pem") != read("first.ca.pem"))
        try fetchCertificates(other, "other")
        let crossed = try Peers.run("openssl", ["verify", "-CAfile", path("first.ca.pem"), path("other.rsa.pem")])
        #expect(crossed.status != 0, "another TPM's certificate does not chain to this CA")
    }

    /// A key derived (CreateLoaded) under a derivation parent made in `hierarchy`, as PEM.
    private func derivedKey(_ server: TPMServerProcess, hierarchy: String) throws -> String {
        try server.succeed(
            "tpm2_createprimary",
            [
                "-C", hierarchy, "-G", "xor:sha256", "-c", path("derivation.ctx"),
                "-a", "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt",
            ])
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("derivation.ctx"), "-c", path("derived.ctx"), "-G", "ecc256:ecdsa-sha256",
                "-a", "fixedtpm|fixedparent|userwithauth|sign",
            ])
        try server.succeed("tpm2_readpublic", ["-c", path("derived.ctx"), "-f", "pem", "-o", path("derived.pem")])
        return String(decoding: try read("derived.pem"), as: UTF8.self)
    }

    @Test(
        "Clear changes owner-derived keys and keeps the EK and its certificate; ChangePPS changes platform-derived keys and keeps the certificates; ChangeEPS leaves a certificate the new EK no longer matches"
    )
    func seedChanges() throws {
        let server = try newServer("seeds")
        defer { server.stop() }
        try fetchCertificates(server, "seeds")
        let ekRSA = try currentEK(server, "rsa")
        let ekECC = try currentEK(server, "ecc")
        let owner = try derivedKey(server, hierarchy: "o")
        let platform = try derivedKey(server, hierarchy: "p")
        let endorsement = try derivedKey(server, hierarchy: "e")
        #expect(try derivedKey(server, hierarchy: "o") == owner, "the same seed derives the same key")

        // Clear: a new storage seed; the endorsement seed and platform-created indices stay.
        #expect(try server.tool("tpm2_clear", ["-c", "p"]).status == 0)
        #expect(try derivedKey(server, hierarchy: "o") != owner)
        #expect(try derivedKey(server, hierarchy: "p") == platform)
        #expect(try derivedKey(server, hierarchy: "e") == endorsement)
        try fetchCertificates(server, "cleared")
        #expect(try read("cleared.rsa.der") == read("seeds.rsa.der"))
        #expect(try currentEK(server, "rsa") == ekRSA && certifiedKey("cleared.rsa.pem") == ekRSA)

        // ChangePPS: a new platform seed; the EK and the platform-created certificate indices stay.
        #expect(try server.tool("tpm2_changepps", []).status == 0)
        #expect(try derivedKey(server, hierarchy: "p") != platform)
        #expect(try derivedKey(server, hierarchy: "e") == endorsement)
        #expect(try currentEK(server, "ecc") == ekECC)

        // ChangeEPS: a new endorsement seed makes new EKs. The factory's certificates stay in NV
        // and still chain to the CA, but certify keys this TPM no longer has, as on a real chip.
        #expect(try server.tool("tpm2_changeeps", []).status == 0)
        #expect(try derivedKey(server, hierarchy: "e") != endorsement)
        let newRSA = try currentEK(server, "rsa")
        let newECC = try currentEK(server, "ecc")
        #expect(newRSA != ekRSA && newECC != ekECC)
        try fetchCertificates(server, "changed")
        #expect(try read("changed.ecc.der") == read("seeds.ecc.der"))
        #expect(try certifiedKey("changed.rsa.pem") != newRSA && certifiedKey("changed.ecc.pem") != newECC)
        let verified = try openssl(["verify", "-CAfile", path("seeds.ca.pem"), path("changed.ecc.pem")])
        #expect(verified.output.contains("OK"))
    }

    @Test("--no-ek-certificates leaves the TCG indices free, and --export-ca then says why there is no CA")
    func withoutCertificates() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, arguments: ["--no-ek-certificates"])
        defer { server.stop() }
        #expect(!(try server.tool("tpm2_getcap", ["handles-nv-index"]).output.contains("0x1c00002")))
        #expect(try server.tool("tpm2_getekcertificate", ["-o", path("none.der")]).status != 0)
        server.stop()
        let export = try Peers.run(
            Peers.trustbench,
            [
                "serve", "tpm", "--tpmstate", "dir=\(server.stateDirectory.path)",
                "--server", "type=tcp,port=0", "--ctrl", "type=tcp,port=0",
                "--export-ca", path("none.pem"),
            ], timeout: 10)
        #expect(export.status != 0)
        #expect(export.error.contains("no emulated manufacturer CA"), "\(export.error)")
    }
}
