import Foundation
import Testing

/// The PIV card (profile piv-default) behind a private pcscd, used by the tools PIV users
/// have: yubico-piv-tool for management, OpenSC's PKCS#11 module for applications, openssl to
/// check what the card signed.
@Suite(
    .serialized,
    .enabled(
        if: PrivatePCSCD.missingPeers == nil && Peers.isInstalled("yubico-piv-tool")
            && Peers.isInstalled("pkcs11-tool"),
        "pcscd, vsmartcard-vpcd, opensc or yubico-piv-tool is not installed (Tools/install-deps)"),
    .enabled(if: PrivatePCSCD.canUnshareMounts, "a private pcscd needs a mount namespace (root or CAP_SYS_ADMIN)"))
struct PIVCardTests {
    /// yubico-piv-tool looks for a reader named like "Yubikey" unless told otherwise.
    static func piv(_ card: InsertedCard, _ args: [String]) throws -> Peers.Result {
        try card.tool("yubico-piv-tool", ["-r", "Virtual"] + args)
    }

    /// A certificate for the slot's public key, issued by a test CA with openssl: the way an
    /// enterprise CA certifies a key generated on the card.
    static func certify(_ publicKey: String, subject: String, _ card: InsertedCard) throws -> String {
        let folder = card.folder
        if !FileManager.default.fileExists(atPath: folder.path("ca.crt")) {
            let ca = try Peers.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", folder.path("ca.key"), "-out", folder.path("ca.crt"),
                    "-subj", "/CN=TrustBench test CA", "-days", "2",
                ])
            try #require(ca.status == 0, "openssl req: \(ca.error)")
        }
        let certificate = folder.path("\(subject).crt")
        let issued = try Peers.run(
            "openssl",
            [
                "x509", "-new", "-force_pubkey", publicKey, "-subj", "/CN=\(subject)",
                "-CA", folder.path("ca.crt"), "-CAkey", folder.path("ca.key"), "-days", "2",
                "-out", certificate,
            ])
        try #require(issued.status == 0, "openssl x509 -new: \(issued.error)")
        return certificate
    }

    @Test func yubicoPivToolGeneratesCertifiesAndUsesEveryKeySlot() throws {
        let card = try InsertedCard(profile: "piv-default")
        defer { card.stop() }
        let status = try Self.piv(card, ["-a", "status"])
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("Version:\t5.4.3"))
        #expect(status.output.contains("Serial Number:\t20261123"))
        #expect(status.output.contains("PIN tries left:\t3"))
        #expect(try card.tool("opensc-tool", ["-n"]).output.contains("Personal Identity Verification Card"))

        for (slot, algorithm) in [("9a", "RSA2048"), ("9c", "ECCP256"), ("9d", "ECCP384"), ("9e", "ECCP256")] {
            let publicKey = card.folder.path("\(slot).pub")
            let generated = try Self.piv(card, ["-a", "generate", "-s", slot, "-A", algorithm, "-o", publicKey])
            try #require(generated.status == 0, "generate \(slot): \(generated.error)\n\(card.server.log.suffix(2000))")
            let certificate = try Self.certify(publicKey, subject: "slot-\(slot)", card)
            let imported = try Self.piv(card, ["-a", "import-certificate", "-s", slot, "-i", certificate])
            #expect(imported.status == 0, "import-certificate \(slot): \(imported.error)")
            let read = try Self.piv(card, ["-a", "read-certificate", "-s", slot])
            #expect(
                read.output == (try String(contentsOfFile: certificate, encoding: .utf8)), "read-certificate \(slot)")
            // The tool signs random data with the card and verifies it with the certificate's key.
            let signed = try Self.piv(
                card, ["-a", "verify-pin", "-P", "123456", "-a", "test-signature", "-s", slot, "-i", certificate])
            #expect(
                signed.status == 0 && signed.error.contains("Successful"), "test-signature \(slot): \(signed.error)")
        }
        let rsaDecipher = try Self.piv(
            card,
            [
                "-a", "verify-pin", "-P", "123456", "-a", "test-decipher", "-s", "9a", "-i",
                card.folder.path("slot-9a.crt"),
            ])
        #expect(rsaDecipher.error.contains("Successfully performed RSA decryption"), "\(rsaDecipher.error)")
        let ecdh = try Self.piv(
            card,
            [
                "-a", "verify-pin", "-P", "123456", "-a", "test-decipher", "-s", "9d", "-i",
                card.folder.path("slot-9d.crt"),
            ])
        #expect(ecdh.error.contains("Successfully performed ECDH exchange with card"), "\(ecdh.error)")

        // Attestation: a certificate for the generated 9a key, chained to the card's F9 certificate.
        let attestation = try Self.piv(card, ["-a", "attest", "-s", "9a"])
        #expect(attestation.status == 0, "attest: \(attestation.error)")
        let attestationPath = try card.folder.write(Array(attestation.output.utf8), "attest-9a.pem")
        let attestationCA = try card.folder.write(
            Array(try Self.piv(card, ["-a", "read-certificate", "-s", "f9"]).output.utf8), "f9.pem")
        let chained = try Peers.run("openssl", ["verify", "-CAfile", attestationCA, attestationPath])
        #expect(chained.output.contains(": OK"), "openssl verify: \(chained.output) \(chained.error)")
        let attestedKey = try Peers.run("openssl", ["x509", "-in", attestationPath, "-pubkey", "-noout"])
        #expect(attestedKey.output == (try String(contentsOfFile: card.folder.path("9a.pub"), encoding: .utf8)))

        // An imported key works like a generated one, but the card will not attest it.
        let imported = card.folder.path("imported.key")
        try #require(try Peers.run("openssl", ["genrsa", "-out", imported, "2048"]).status == 0)
        try #require(
            try Peers.run("openssl", ["pkey", "-in", imported, "-pubout", "-out", card.folder.path("82.pub")]).status
                == 0)
        #expect(try Self.piv(card, ["-a", "import-key", "-s", "82", "-i", imported]).status == 0)
        let importedCertificate = try Self.certify(card.folder.path("82.pub"), subject: "slot-82", card)
        #expect(try Self.piv(card, ["-a", "import-certificate", "-s", "82", "-i", importedCertificate]).status == 0)
        let importedSignature = try Self.piv(
            card, ["-a", "verify-pin", "-P", "123456", "-a", "test-signature", "-s", "82", "-i", importedCertificate])
        #expect(importedSignature.error.contains("Successful RSA verification"), "\(importedSignature.error)")
        #expect(try Self.piv(card, ["-a", "attest", "-s", "82"]).status != 0)

        // Keys and certificates are the card's: they survive taking it out and putting it back.
        try card.restartCard()
        let again = try Self.piv(
            card,
            [
                "-a", "verify-pin", "-P", "123456", "-a", "test-signature", "-s", "9c", "-i",
                card.folder.path("slot-9c.crt"),
            ])
        #expect(again.status == 0, "after restart: \(again.error)")
    }

    @Test func pinPukAndManagementKeyRules() throws {
        let card = try InsertedCard(profile: "piv-default")
        defer { card.stop() }
        #expect(try Self.piv(card, ["-a", "change-pin", "-P", "123456", "-N", "654321"]).status == 0)
        let wrong = try Self.piv(card, ["-a", "verify-pin", "-P", "123456"])
        #expect(wrong.status != 0 && wrong.error.contains("2 tries left"), "\(wrong.error)")
        #expect(try Self.piv(card, ["-a", "verify-pin", "-P", "654321"]).status == 0, "a right PIN resets the counter")
        for _ in 0..<3 { _ = try Self.piv(card, ["-a", "verify-pin", "-P", "000000"]) }
        #expect(try Self.piv(card, ["-a", "status"]).output.contains("PIN tries left:\t0"))

        // Blocked stays blocked across a restart; the PUK unblocks it.
        try card.restartCard()
        let blocked = try Self.piv(card, ["-a", "verify-pin", "-P", "654321"])
        #expect(blocked.status != 0 && blocked.error.lowercased().contains("blocked"), "\(blocked.error)")
        let badPUK = try Self.piv(card, ["-a", "unblock-pin", "-P", "87654321", "-N", "111111"])
        #expect(badPUK.status != 0, "a wrong PUK does not unblock")
        #expect(try Self.piv(card, ["-a", "unblock-pin", "-P", "12345678", "-N", "111111"]).status == 0)
        #expect(try Self.piv(card, ["-a", "verify-pin", "-P", "111111"]).status == 0)
        #expect(try Self.piv(card, ["-a", "change-puk", "-P", "12345678", "-N", "87654321"]).status == 0)

        // A new management key: the default no longer authenticates, the new one does.
        let newKey = "0F0E0D0C0B0A09080706050403020100F0E0D0C0B0A09080"
        #expect(try Self.piv(card, ["-a", "set-mgm-key", "-n", newKey]).status == 0)
        #expect(try Self.piv(card, ["-a", "generate", "-s", "9e", "-A", "ECCP256"]).status != 0)
        #expect(try Self.piv(card, ["--key=\(newKey)", "-a", "generate", "-s", "9e", "-A", "ECCP256"]).status == 0)

        // New try counts (management key and PIN), then the Yubico reset once PIN and PUK are blocked.
        #expect(
            try Self.piv(
                card,
                [
                    "--key=\(newKey)", "-a", "verify-pin", "-P", "111111", "-a", "pin-retries", "--pin-retries", "5",
                    "--puk-retries", "4",
                ]
            ).status == 0)
        #expect(try Self.piv(card, ["-a", "status"]).output.contains("PIN tries left:\t5"))
        #expect(try Self.piv(card, ["-a", "reset"]).status != 0, "reset needs PIN and PUK blocked")
        for _ in 0..<5 { _ = try Self.piv(card, ["-a", "verify-pin", "-P", "000000"]) }
        for _ in 0..<4 { _ = try Self.piv(card, ["-a", "unblock-pin", "-P", "00000000", "-N", "222222"]) }
        let reset = try Self.piv(card, ["-a", "reset"])
        #expect(reset.status == 0, "\(reset.error)")
        #expect(try Self.piv(card, ["-a", "verify-pin", "-P", "123456"]).status == 0, "the default PIN is back")
        #expect(
            try Self.piv(card, ["-a", "generate", "-s", "9e", "-A", "ECCP256"]).status == 0,
            "the default management key is back")
    }

    @Test func openscPkcs11SelfTestAndSignatureVerifiedByOpenssl() throws {
        let card = try InsertedCard(profile: "piv-default")
        defer { card.stop() }
        for (slot, algorithm) in [("9a", "RSA2048"), ("9c", "ECCP256")] {
            let publicKey = card.folder.path("\(slot).pub")
            try #require(
                try Self.piv(card, ["-a", "generate", "-s", slot, "-A", algorithm, "-o", publicKey]).status == 0)
            let certificate = try Self.certify(publicKey, subject: "slot-\(slot)", card)
            try #require(try Self.piv(card, ["-a", "import-certificate", "-s", slot, "-i", certificate]).status == 0)
        }
        try selfSignThroughPKCS11(card)

        let objects = try card.tool("pkcs11-tool", ["-l", "--pin", "123456", "-O"])
        #expect(objects.status == 0, "\(objects.error)")
        #expect(
            objects.output.contains("PIV AUTH key") && objects.output.contains("Certificate for Digital Signature"),
            "\(objects.output)")

        let selfTest = try card.tool("pkcs11-tool", ["-l", "--pin", "123456", "-t"])
        #expect(
            selfTest.status == 0 && selfTest.output.contains("No errors"),
            "pkcs11-tool -t: \(selfTest.output)\n\(selfTest.error)")

        // A PKCS#11 signature with the PIV authentication key, checked by openssl against the
        // public key in the slot's certificate.
        let message = try card.folder.write(Array("signed through PKCS#11".utf8), "message")
        let signature = card.folder.path("message.sig")
        let signed = try card.tool(
            "pkcs11-tool",
            [
                "-l", "--pin", "123456", "--sign", "--id", "01", "-m", "SHA256-RSA-PKCS",
                "-i", message, "-o", signature,
            ])
        #expect(signed.status == 0, "\(signed.error)")
        let publicKey = try Peers.run(
            "openssl",
            [
                "x509", "-in", card.folder.path("slot-9a.crt"), "-pubkey", "-noout", "-out",
                card.folder.path("9a-cert.pub"),
            ])
        try #require(publicKey.status == 0)
        let verified = try Peers.run(
            "openssl",
            ["dgst", "-sha256", "-verify", card.folder.path("9a-cert.pub"), "-signature", signature, message])
        #expect(verified.output.contains("Verified OK"), "\(verified.output) \(verified.error)")
    }

    /// A self-signed certificate made by the card's 9A key: openssl's pkcs11 engine over OpenSC.
    /// (yubico-piv-tool 2.2.0's own selfsign-certificate fails under OpenSSL 3 before it sends
    /// anything to the card, upstream issue #388.) OpenSC lists a PIV key only once its slot
    /// holds a certificate, so the CA-issued one is in place first; the self-signed one then
    /// replaces it through yubico-piv-tool.
    func selfSignThroughPKCS11(_ card: InsertedCard) throws {
        let libraries = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu"]
        guard
            let library = libraries.first(where: { FileManager.default.fileExists(atPath: $0 + "/engines-3/pkcs11.so") }
            )
        else {
            Issue.record("libengine-pkcs11-openssl is not installed (Tools/install-deps)")
            return
        }
        let configuration = """
            openssl_conf = openssl_init
            [openssl_init]
            engines = engine_section
            [engine_section]
            pkcs11 = pkcs11_section
            [pkcs11_section]
            engine_id = pkcs11
            dynamic_path = \(library)/engines-3/pkcs11.so
            MODULE_PATH = \(library)/pkcs11/opensc-pkcs11.so
            init = 0
            [req]
            distinguished_name = dn
            [dn]

            """
        let configurationPath = try card.folder.write(Array(configuration.utf8), "engine.cnf")
        let selfSigned = card.folder.path("self-9a.crt")
        let made = try Peers.run(
            "openssl",
            [
                "req", "-new", "-x509", "-engine", "pkcs11", "-keyform", "engine",
                "-key", "pkcs11:id=%01;type=private;pin-value=123456", "-subj", "/CN=self-signed 9a",
                "-days", "2", "-sha256", "-out", selfSigned,
            ],
            environment: ["OPENSSL_CONF": configurationPath, "PCSCLITE_CSOCK_NAME": card.pcscd.socketPath])
        try #require(made.status == 0, "openssl req through the card: \(made.error)")
        let verified = try Peers.run("openssl", ["verify", "-CAfile", selfSigned, selfSigned])
        #expect(verified.output.contains(": OK"), "the card's self-signature: \(verified.output) \(verified.error)")
        let key = try Peers.run("openssl", ["x509", "-in", selfSigned, "-pubkey", "-noout"])
        #expect(key.output == (try String(contentsOfFile: card.folder.path("9a.pub"), encoding: .utf8)))
        #expect(try Self.piv(card, ["-a", "import-certificate", "-s", "9a", "-i", selfSigned]).status == 0)
        #expect(
            try Self.piv(card, ["-a", "read-certificate", "-s", "9a"]).output
                == (try String(contentsOfFile: selfSigned, encoding: .utf8)))
    }
}
