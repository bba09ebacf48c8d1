import Foundation
import Testing
import TrustCrypto

/// tpm2-tools 5.4 driving the two-phase key exchange of `trustbench serve tpm`: tpm2_ecephemeral
/// then tpm2_zgen2phase with an ECDH key. openssl recomputes Z1 and Z2 from the other party's
/// halves, which it generated itself; a reused counter, points off the curve and tpm2_commit with
/// a key whose scheme is not anonymous answer as real swtpm (libtpms) does. tpm2_zgen2phase is
/// called without -s: the 5.4 tool refuses "ecdh" as an "unknown signing scheme" and sends
/// TPM_ALG_ECDH when none is given. ECDAA: tpm2_commit then tpm2_sign -s ecdaa --commit-index;
/// tpm2-tools 5.4 has no spelling for the BN P-256 curve, so its keys are NIST P-256 ("ecc256:ecdaa").
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_ecephemeral"), "tpm2-tools is not installed (Tools/install-deps)")
)
struct TPMEphemeralToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-ephemeral-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }

    private func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: work.appendingPathComponent(name)))
    }

    private func openssl(_ args: [String]) throws {
        let result = try Peers.run("openssl", args)
        #expect(result.status == 0, "openssl \(args.joined(separator: " ")): \(result.error)")
    }

    /// The counter tpm2_ecephemeral saved (a big-endian UINT16), as the number tpm2_zgen2phase -t takes.
    private func counter(_ name: String) throws -> String {
        let bytes = try read(name)
        #expect(bytes.count == 2)
        return String(bytes.reduce(0) { $0 << 8 | Int($1) })
    }

    /// A P-256 key pair made by openssl (`name`.key) and its public point as a TPM2B_ECC_POINT
    /// file (`name`.point) and as PEM (`name`.pem).
    private func opensslKey(_ name: String) throws -> String {
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("\(name).key")])
        try openssl(["pkey", "-in", path("\(name).key"), "-pubout", "-outform", "DER", "-out", path("\(name).der")])
        try openssl(["pkey", "-in", path("\(name).key"), "-pubout", "-out", path("\(name).pem")])
        let spki = try read("\(name).der")
        let point = Array(spki.suffix(64))
        #expect(spki.count == TPMCryptoToolsTests.p256SubjectPublicKeyInfoPrefix.count + 65)
        let sized: ([UInt8]) -> [UInt8] = { [UInt8(0), UInt8($0.count)] + $0 }
        let body = sized(Array(point.prefix(32))) + sized(Array(point.suffix(32)))
        return try write([0, UInt8(body.count)] + body, "\(name).point")
    }

    /// openssl's ECDH between `key` (a .key file) and a TPM2B_ECC_POINT written by the TPM.
    private func opensslZ(_ key: String, peerPointFile: String) throws -> [UInt8] {
        let peer = try TPMCryptoToolsTests.point(read(peerPointFile))
        let spki = TPMCryptoToolsTests.p256SubjectPublicKeyInfoPrefix + [0x04] + peer.x + peer.y
        try openssl([
            "pkey", "-pubin", "-inform", "DER", "-in", try write(spki, "\(peerPointFile).der"), "-out",
            path("\(peerPointFile).pem"),
        ])
        try openssl([
            "pkeyutl", "-derive", "-inkey", path("\(key).key"), "-peerkey", path("\(peerPointFile).pem"), "-out",
            path("\(peerPointFile).z"),
        ])
        return try read("\(peerPointFile).z")
    }

    @Test("ecephemeral then zgen2phase: openssl derives Z1 from B's static key and Z2 from B's ephemeral key")
    func twoPhaseECDH() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-G", "ecc256:ecdh", "-u", path("a.pub"), "-r", path("a.priv"), "-c",
                path("a.ctx"),
            ])
        try server.succeed("tpm2_readpublic", ["-c", path("a.ctx"), "-o", path("a-static.point"), "-f", "tss"])
        try server.succeed("tpm2_ecephemeral", ["-u", path("a-ephemeral.point"), "-t", path("counter"), "ecc256"])

        let staticB = try opensslKey("b-static")
        let ephemeralB = try opensslKey("b-ephemeral")
        try server.succeed(
            "tpm2_zgen2phase",
            [
                "-c", path("a.ctx"), "-t", try counter("counter"), "--static-public", staticB,
                "--ephemeral-public", ephemeralB, "--output-Z1", path("z1"), "--output-Z2", path("z2"),
            ])
        let z1 = try TPMCryptoToolsTests.point(read("z1"))
        let z2 = try TPMCryptoToolsTests.point(read("z2"))
        #expect(z1.x.count == 32 && z2.x.count == 32)

        // Z2 = [deA]QeB = [deB]QeA: openssl holds deB.
        #expect(try opensslZ("b-ephemeral", peerPointFile: "a-ephemeral.point") == z2.x)
        // Z1 = [dsA]QsB = [dsB]QsA: openssl holds dsB; QsA comes from the key's public area as PEM.
        try server.succeed("tpm2_readpublic", ["-c", path("a.ctx"), "-f", "pem", "-o", path("a.pem")])
        try openssl([
            "pkeyutl", "-derive", "-inkey", path("b-static.key"), "-peerkey", path("a.pem"), "-out", path("z1.openssl"),
        ])
        #expect(try read("z1.openssl") == z1.x)

        // The counter is used up: TPM_RC_VALUE on counter (parameter 4).
        #expect(
            try server.failureCode(
                "tpm2_zgen2phase",
                [
                    "-c", path("a.ctx"), "-t", try counter("counter"), "--static-public", staticB,
                    "--ephemeral-public", ephemeralB, "--output-Z1", path("x1"), "--output-Z2", path("x2"),
                ]) == 0x4C4)
    }

    /// The public point of a key, from tpm2_readpublic's PEM through openssl's DER.
    private func publicPoint(_ context: String, on server: TPMServerProcess) throws -> ECCPoint {
        try server.succeed("tpm2_readpublic", ["-c", path(context), "-f", "pem", "-o", path("\(context).pem")])
        try openssl([
            "pkey", "-pubin", "-in", path("\(context).pem"), "-outform", "DER", "-out", path("\(context).der"),
        ])
        let point = Array(try read("\(context).der").suffix(64))
        return ECCPoint(x: Array(point.prefix(32)), y: Array(point.suffix(32)))
    }

    /// Run against swtpm too (when installed): the same equation holds for libtpms' signatures,
    /// so the check and our signer agree on what T hashes.
    @Test("commit then sign -s ecdaa: [s]G = E + [H(nonce ‖ SHA-256(message))]Q, and the counter is spent")
    func ecdaaSignature() throws {
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm] + (Peers.isInstalled("swtpm") ? [.swtpm] : []) {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try expectVerifiableECDAASignature(on: server, tag: kind == .swtpm ? "swtpm" : "ours")
        }
    }

    private func expectVerifiableECDAASignature(on server: TPMServerProcess, tag: String) throws {
        func file(_ name: String) -> String { path("\(tag)-\(name)") }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", file("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", file("primary.ctx"), "-G", "ecc256:ecdaa", "-u", file("d.pub"), "-r", file("d.priv"), "-c",
                file("d.ctx"),
            ])
        try server.succeed(
            "tpm2_commit",
            [
                "-c", file("d.ctx"), "-t", file("d.counter"), "--eccpoint-K", file("d.k"),
                "--eccpoint-L", file("d.l"), "-u", file("d.e"),
            ])
        let message = Array("anonymous attestation".utf8)
        let messageFile = try write(message, "\(tag)-message")
        let counter = try counter("\(tag)-d.counter")
        try server.succeed(
            "tpm2_sign",
            [
                "-c", file("d.ctx"), "-g", "sha256", "-s", "ecdaa", "--commit-index", counter,
                "-o", file("d.sig"), messageFile,
            ])
        // TPMT_SIGNATURE: sigAlg TPM_ALG_ECDAA, hash SHA-256, then TPM2B nonce and TPM2B s.
        let signature = try read("\(tag)-d.sig")
        #expect(signature.prefix(4) == [0x00, 0x1A, 0x00, 0x0B])
        let parts = try TPMCryptoToolsTests.point([0, 0] + signature.dropFirst(4))
        let e = try TPMCryptoToolsTests.point(read("\(tag)-d.e"))
        let q = try publicPoint("\(tag)-d.ctx", on: server)
        let curve = ECCCurve.nistP256
        let g = ECCPoint(x: try curve.parameters.gX, y: try curve.parameters.gY)
        let t = try Hash.digest(.sha256, [parts.x, Hash.digest(.sha256, message)])
        let expected = try ECC.add(
            curve: curve, ECCPoint(x: e.x, y: e.y), ECC.multiply(curve: curve, scalar: t, point: q))
        #expect(try ECC.multiply(curve: curve, scalar: parts.y, point: g) == expected, "\(tag)")

        // The counter is used up: TPM_RC_VALUE, as the reference returns it (no parameter number).
        #expect(
            try server.failureCode(
                "tpm2_sign",
                [
                    "-c", file("d.ctx"), "-g", "sha256", "-s", "ecdaa", "--commit-index",
                    counter, "-o", file("d2.sig"), messageFile,
                ]) == 0x084)
    }

    @Test(
        "a reused counter, points off the curve and commit with an ECDSA key answer as swtpm answers",
        .enabled(if: Peers.isInstalled("swtpm")))
    func sameCodesAsSwtpm() throws {
        try SwtpmParity.expectSameCodes(count: 4, errorCases)
    }

    @Test(
        "ECDAA signing with a spent, unknown or missing counter answers as swtpm answers",
        .enabled(if: Peers.isInstalled("swtpm")))
    func ecdaaCodesAsSwtpm() throws {
        try SwtpmParity.expectSameCodes(count: 3) { server, tag in
            func file(_ name: String) -> String { path("\(tag)-\(name)") }
            try server.succeed("tpm2_createprimary", ["-C", "o", "-c", file("primary.ctx")])
            try server.succeed(
                "tpm2_create",
                [
                    "-C", file("primary.ctx"), "-G", "ecc256:ecdaa", "-u", file("d.pub"), "-r", file("d.priv"), "-c",
                    file("d.ctx"),
                ])
            try server.succeed(
                "tpm2_commit",
                [
                    "-c", file("d.ctx"), "-t", file("counter"), "--eccpoint-K", file("k"), "--eccpoint-L", file("l"),
                    "-u", file("e"),
                ])
            let message = try write(Array("message".utf8), "\(tag)-message")
            func sign(_ extra: [String]) throws -> UInt32? {
                try server.failureCode(
                    "tpm2_sign", ["-c", file("d.ctx"), "-g", "sha256", "-o", file("sig"), message] + extra)
            }
            let counter = try counter("\(tag)-counter")
            var codes: [String: UInt32?] = [:]
            codes["sign without a scheme (the key's ECDAA needs the caller's count)"] = try sign([])
            codes["sign with a counter never handed out"] = try sign([
                "-s", "ecdaa", "--commit-index", String((Int(counter) ?? 0) + 5),
            ])
            try server.succeed(
                "tpm2_sign",
                [
                    "-c", file("d.ctx"), "-g", "sha256", "-s", "ecdaa", "--commit-index", counter, "-o", file("sig"),
                    message,
                ])
            codes["sign with a spent counter"] = try sign(["-s", "ecdaa", "--commit-index", counter])
            return codes
        }
    }

    private func errorCases(_ server: TPMServerProcess, tag: String) throws -> [String: UInt32?] {
        func file(_ name: String) -> String { path("\(tag)-\(name)") }
        var codes: [String: UInt32?] = [:]
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", file("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", file("primary.ctx"), "-G", "ecc256:ecdh", "-u", file("a.pub"), "-r", file("a.priv"), "-c",
                file("a.ctx"),
            ])
        let staticB = try opensslKey("\(tag)-b-static")
        let ephemeralB = try opensslKey("\(tag)-b-ephemeral")
        var offCurve = try read("\(tag)-b-ephemeral.point")
        offCurve[offCurve.count - 1] ^= 1
        let bad = try write(offCurve, "\(tag)-bad.point")
        func zgen(counter: String, staticPoint: String, ephemeralPoint: String) throws -> UInt32? {
            try server.failureCode(
                "tpm2_zgen2phase",
                [
                    "-c", file("a.ctx"), "-t", counter, "--static-public", staticPoint,
                    "--ephemeral-public", ephemeralPoint, "--output-Z1", file("z1"), "--output-Z2", file("z2"),
                ])
        }
        try server.succeed("tpm2_ecephemeral", ["-u", file("q.point"), "-t", file("counter"), "ecc256"])
        codes["zgen2phase with QsB off the curve"] = try zgen(
            counter: try counter("\(tag)-counter"), staticPoint: bad, ephemeralPoint: ephemeralB)
        codes["zgen2phase with QeB off the curve"] = try zgen(
            counter: try counter("\(tag)-counter"), staticPoint: staticB, ephemeralPoint: bad)
        try server.succeed(
            "tpm2_zgen2phase",
            [
                "-c", file("a.ctx"), "-t", try counter("\(tag)-counter"), "--static-public", staticB,
                "--ephemeral-public", ephemeralB, "--output-Z1", file("z1"), "--output-Z2", file("z2"),
            ])
        codes["zgen2phase with a used counter"] = try zgen(
            counter: try counter("\(tag)-counter"), staticPoint: staticB, ephemeralPoint: ephemeralB)

        try server.succeed(
            "tpm2_create",
            [
                "-C", file("primary.ctx"), "-G", "ecc256:ecdsa", "-u", file("s.pub"), "-r", file("s.priv"), "-c",
                file("s.ctx"),
            ])
        codes["commit with an ECDSA key"] = try server.failureCode(
            "tpm2_commit",
            [
                "-c", file("s.ctx"), "-t", file("c"), "--eccpoint-K", file("k"),
                "--eccpoint-L", file("l"), "-u", file("e"),
            ])
        return codes
    }
}
