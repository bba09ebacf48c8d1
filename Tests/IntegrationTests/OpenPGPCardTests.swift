import Foundation
import Testing

/// The OpenPGP card (openpgp-default) behind a private pcscd and vpcd, driven by OpenSC's
/// openpgp-tool and pkcs15-init and by GnuPG's scdaemon, as on a desktop.
@Suite(
    .serialized,
    .enabled(
        if: PrivatePCSCD.missingPeers == nil, "pcscd, vsmartcard-vpcd or opensc is not installed (Tools/install-deps)"),
    .enabled(
        if: PrivatePCSCD.canUnshareMounts,
        "pcscd keeps its socket at /run/pcscd (fixed at build time); running one privately needs a mount namespace (`unshare --mount`), which needs root or CAP_SYS_ADMIN"
    ))
struct OpenPGPCardTests {
    static let gnupgMissing: String? = {
        if !Peers.isInstalled("gpg") { return "gnupg is not installed (Tools/install-deps)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/lib/gnupg/scdaemon") {
            return "scdaemon is not installed (Tools/install-deps)"
        }
        return nil
    }()

    @Test func openpgpToolReadsTheCardAndGeneratesAKey() throws {
        let rig = try OpenPGPCardRig()
        defer { rig.stop() }
        let name = try rig.tool("opensc-tool", ["-n"])
        #expect(
            name.output.contains("OpenPGP card v3.4 (FFFE 01352903)"), "opensc-tool -n: \(name.output) \(name.error)")
        let info = try rig.tool("openpgp-tool", ["-C", "-U"])
        #expect(info.status == 0, "openpgp-tool -C: \(info.error)")
        #expect(info.output.contains("d2:76:00:01:24:01:03:04:ff:fe:01:35:29:03:00:00"))
        #expect(
            info.output.contains("Version:         3.4") && info.output.contains("Serial number:   01352903"),
            "\(info.output)")

        let refused = try rig.tool(
            "openpgp-tool", ["--verify", "CHV3", "--pin", "87654321", "--gen-key", "1", "-t", "rsa2048"])
        #expect(refused.status != 0, "a wrong admin PIN must not generate: \(refused.output)")
        let generated = try rig.tool(
            "openpgp-tool", ["--verify", "CHV3", "--pin", "12345678", "--gen-key", "1", "-t", "rsa2048"])
        #expect(generated.status == 0, "openpgp-tool --gen-key: \(generated.output) \(generated.error)")
        let keys = try rig.tool("openpgp-tool", ["-K"])
        let signatureLine = keys.output.split(separator: "\n").first { $0.hasPrefix("Sig Fingerprint:") } ?? ""
        #expect(
            !signatureLine.isEmpty
                && !signatureLine.hasSuffix("00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00"),
            "openpgp-tool stores the new key's fingerprint: \(keys.output)")
        #expect(keys.output.contains("Sig Algorithm:   RSA2048"))
    }

    @Test func pkcs15InitGeneratesThroughTheOpenPGPEmulation() throws {
        let rig = try OpenPGPCardRig()
        defer { rig.stop() }
        // The emulation's SO PIN is PW3 (auth id 3); key id 2 is the decryption key.
        let generated = try rig.tool(
            "pkcs15-init",
            [
                "--generate-key", "rsa/2048", "--id", "2", "--auth-id", "3",
                "--verify-pin", "--pin", "12345678",
            ], timeout: 120)
        #expect(generated.status == 0, "pkcs15-init: \(generated.output) \(generated.error)")
        let listed = try rig.tool("pkcs15-tool", ["--list-public-keys"])
        #expect(
            listed.output.contains("Public RSA Key [Encryption key]")
                && listed.output.contains("ModLength      : 2048"),
            "pkcs15-tool --list-public-keys: \(listed.output) \(listed.error)")
        let dump = try rig.tool("pkcs15-tool", ["--dump"])
        #expect(
            dump.output.contains("Serial number  : fffe01352903") && dump.output.contains("PIN [Admin PIN]"),
            "\(dump.output)")
    }

    @Test(.enabled(if: gnupgMissing == nil, "gpg or scdaemon is not installed (Tools/install-deps)"))
    func gnupgGeneratesOnTheCardAndSigns() throws {
        let rig = try OpenPGPCardRig()
        defer { rig.stop() }
        let home = try GnuPGHome(rig)
        defer { home.stop() }
        // PW1 becomes the admin PIN's value, so every PIN gpg asks for has the same answer
        // (before scdaemon opens the reader: it keeps the card to itself).
        let change = try rig.tool(
            "opensc-tool", ["-s", "00A4040006D27600012401", "-s", "002400810E3132333435363132333435363738"])
        #expect(change.output.components(separatedBy: "SW1=0x90, SW2=0x00").count == 3, "\(change.output)")

        let status = try home.gpg(["--card-status"])
        #expect(status.status == 0, "gpg --card-status: \(status.error)")
        #expect(status.output.contains("Application ID ...: D276000124010304FFFE013529030000"), "\(status.output)")
        #expect(
            status.output.contains("Version ..........: 3.4") && status.output.contains("PIN retry counter : 3 0 3"))
        #expect(status.output.contains("Key attributes ...: rsa2048 rsa2048 rsa2048"))

        let generated = try home.dialog(
            ["--pinentry-mode", "loopback", "--card-edit"],
            answers: [
                "cardedit.prompt": ["admin", "generate", "quit"],
                "cardedit.genkeys.backup_enc": ["n"],
                "passphrase.enter": Array(repeating: "12345678", count: 6),
                "keygen.valid": ["0"],
                "keygen.name": ["Card Tester"],
                "keygen.email": ["card@example.org"],
                "keygen.comment": [""],
            ])
        #expect(generated.status == 0, "gpg --card-edit generate: \(generated.output) \(generated.error)")
        #expect(generated.output.contains("[GNUPG:] KEY_CREATED B"), "\(generated.output)")

        let message = rig.pcscd.folder.path("message.txt")
        try Data("signed by the emulated card \(UUID())\n".utf8).write(to: URL(fileURLWithPath: message))
        let signed = try home.gpg([
            "--pinentry-mode", "loopback", "--passphrase", "12345678", "--local-user", "card@example.org",
            "--detach-sign", message,
        ])
        #expect(signed.status == 0, "gpg --detach-sign: \(signed.error)")
        let verified = try home.gpg(["--verify", message + ".sig", message])
        #expect(
            verified.status == 0 && verified.error.contains("Good signature from \"Card Tester <card@example.org>\""),
            "gpg --verify: \(verified.error)")

        let encrypted = rig.pcscd.folder.path("secret.gpg")
        let plaintext = rig.pcscd.folder.path("secret.txt")
        try Data("for the card's decryption key\n".utf8).write(to: URL(fileURLWithPath: plaintext))
        #expect(
            try home.gpg(["--trust-model", "always", "-r", "card@example.org", "-o", encrypted, "-e", plaintext]).status
                == 0)
        let decrypted = try home.gpg(["--pinentry-mode", "loopback", "--passphrase", "12345678", "-d", encrypted])
        #expect(decrypted.output == "for the card's decryption key\n", "gpg -d: \(decrypted.error)")

        let after = try home.gpg(["--card-status"])
        #expect(after.output.contains("Signature counter : "), "\(after.output)")
        #expect(!after.output.contains("Signature key ....: [none]"))
    }
}
