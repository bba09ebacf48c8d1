import Foundation
import TPM2
import TPMTypes
import Testing

/// tpm2-tools 5.4 against `trustbench serve tpm` for the algorithms added for parity with
/// swtpm 0.7 (libtpms): Camellia, NIST P-192 and P-224, BN P-638. openssl checks every result,
/// and GetCapability must describe these algorithms and curves exactly as swtpm does.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_getrandom"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMAlgorithmToolsTests {
    let work: WorkFolder

    init() throws { work = try WorkFolder("trustbench-algs") }

    private func path(_ name: String) -> String { work.path(name) }
    private func write(_ bytes: [UInt8], _ name: String) throws -> String { try work.write(bytes, name) }
    private func read(_ name: String) throws -> [UInt8] { try work.read(name) }
    private func hex(_ bytes: [UInt8]) -> String { WorkFolder.hex(bytes) }
    private func randomBytes(_ count: Int) -> [UInt8] { WorkFolder.randomBytes(count) }

    /// `tpm2_getcap algorithms` as name → its printed attribute lines.
    private static func algorithms(_ server: TPMServerProcess) throws -> [String: String] {
        let text = try server.tool("tpm2_getcap", ["algorithms"]).output
        var table: [String: String] = [:]
        var current = ""
        for line in text.split(separator: "\n") {
            if !line.hasPrefix(" ") {
                current = String(line.dropLast())
            } else {
                table[current, default: ""] += line + "\n"
            }
        }
        return table
    }

    @Test(
        "getcap algorithms and ecc-curves report the added algorithms and curves as swtpm does",
        .enabled(if: Peers.isInstalled("swtpm")))
    func capabilitiesMatchSwtpm() throws {
        let ours = try TPMServerProcess(.trustbenchSwtpm)
        defer { ours.stop() }
        let swtpm = try TPMServerProcess(.swtpm)
        defer { swtpm.stop() }
        let mine = try Self.algorithms(ours)
        let theirs = try Self.algorithms(swtpm)
        for name in ["camellia", "cmac", "tdes", "ecmqv", "kdf2"] {
            #expect(mine[name] != nil && mine[name] == theirs[name], "\(name)")
        }
        let curves = try ours.tool("tpm2_getcap", ["ecc-curves"]).output
        let swtpmCurves = try swtpm.tool("tpm2_getcap", ["ecc-curves"]).output
        for curve in ["TPM2_ECC_NIST_P192: 0x1", "TPM2_ECC_NIST_P224: 0x2", "TPM2_ECC_BN_P638: 0x11"] {
            #expect(curves.contains(curve) && swtpmCurves.contains(curve), "\(curve)")
        }
    }

    /// TPM2_LoadExternal of a symmetric key with known bits, sent with tpm2_send: tpm2_loadexternal
    /// refuses symmetric keys other than AES and SM4. Returns the response code and, on success,
    /// the handle the TPM gave the key.
    private func loadSymmetric(_ server: TPMServerProcess, algorithm: TPMAlgorithm, key: [UInt8]) throws -> (
        code: UInt32, handle: String
    ) {
        let seed = [UInt8](repeating: 7, count: 32)
        try Peers.run(
            "openssl",
            ["dgst", "-sha256", "-binary", "-out", path("unique.bin"), try write(seed + key, "seed-key.bin")])
        let publicArea = TPMPublic(
            type: .symcipher, nameAlg: .sha256, attributes: [.userWithAuth, .sign, .decrypt],
            parameters: .symCipher(TPMSymmetricDefinition(algorithm, keyBits: UInt16(key.count * 8))),
            unique: .digest(try read("unique.bin")))
        var w = TPMWriter()
        w.writeNested {
            TPMSensitive(type: .symcipher, authValue: [], seedValue: seed, sensitive: key).marshal(into: &$0)
        }
        publicArea.marshalSized(into: &w)
        w.write(TPMRH.null)
        let response = try send(server, .loadExternal, parameters: w.bytes)
        let handle = response.body.count >= 4 ? "0x" + hex(Array(response.body.prefix(4))) : ""
        return (response.code, handle)
    }

    /// Sends one command with tpm2_send (a password session for each of `handles`) and returns its
    /// response code and the bytes after the header.
    private func send(
        _ server: TPMServerProcess, _ code: TPMCommandCode, handles: [TPMHandle] = [],
        parameters: [UInt8]
    ) throws -> (code: UInt32, body: [UInt8]) {
        let command = InProcessTPM.command(code, handles: handles, authorized: handles.count, parameters: parameters)
        let rc = try server.sendRaw(command, responseFile: path("response.bin"))
        return (rc ?? UInt32.max, Array(try read("response.bin").dropFirst(10)))
    }

    /// Encrypts with the loaded key in each mode, compares with `openssl enc -<cipher>-<mode>` and decrypts back.
    private func expectEncryptDecryptMatchesOpenSSL(
        _ server: TPMServerProcess, handle: String, cipher: String, key: [UInt8],
        modes: [(tpm: String, openssl: String)], blockSize: Int
    ) throws {
        let iv = randomBytes(blockSize)
        let message = randomBytes(blockSize * 5)
        let ivFile = try write(iv, "iv.bin")
        let plain = try write(message, "plain.bin")
        for mode in modes {
            #expect(
                try server.tool(
                    "tpm2_encryptdecrypt",
                    ["-c", handle, "-G", mode.tpm, "-t", ivFile, "-o", path("\(mode.tpm).enc"), plain]
                ).status == 0)
            let reference = try Peers.run(
                "openssl",
                [
                    "enc", "-\(cipher)\(mode.openssl)", "-K", hex(key), "-iv", hex(iv), "-nopad",
                    "-in", plain, "-out", path("\(mode.tpm).ref"),
                ])
            #expect(reference.status == 0, "\(reference.error)")
            #expect(try read("\(mode.tpm).enc") == read("\(mode.tpm).ref"), "\(cipher) \(mode.tpm)")
            #expect(
                try server.tool(
                    "tpm2_encryptdecrypt",
                    [
                        "-c", handle, "-d", "-G", mode.tpm, "-t", ivFile, "-o", path("\(mode.tpm).dec"),
                        path("\(mode.tpm).enc"),
                    ]
                ).status == 0)
            #expect(try read("\(mode.tpm).dec") == message, "\(cipher) \(mode.tpm) decrypts back")
        }
        try server.tool("tpm2_flushcontext", [handle])
    }

    @Test("encryptdecrypt with known Camellia-128 and -256 keys matches openssl in every mode and decrypts back")
    func camelliaEncryptDecrypt() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        for bits in [128, 256] {
            let key = randomBytes(bits / 8)
            let loaded = try loadSymmetric(server, algorithm: .camellia, key: key)
            #expect(loaded.code == 0)
            try expectEncryptDecryptMatchesOpenSSL(
                server, handle: loaded.handle, cipher: "camellia-\(bits)", key: key,
                modes: ["cfb", "cbc", "ctr", "ofb", "ecb"].map { ($0, "-" + $0) }, blockSize: 16)
        }
    }

    /// tpm2-tools cannot use TDES keys at all (libtss2 does not unmarshal a TDES TPMT_PUBLIC), so
    /// LoadExternal and EncryptDecrypt2 go through tpm2_send. openssl has no TDES-CTR; its ECB is
    /// plain "des-ede3"; a two-key key is given to openssl as K1 K2 K1.
    @Test("EncryptDecrypt2 with known two- and three-key TDES keys matches openssl des-ede3 in CFB, CBC, OFB and ECB")
    func tdesEncryptDecrypt() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let keys: [[UInt8]] = [
            [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01],
            [
                0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01,
                0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23,
            ],
        ]
        let iv = randomBytes(8)
        let message = randomBytes(40)
        let plain = try write(message, "plain.bin")
        for key in keys {
            let loaded = try loadSymmetric(server, algorithm: .tdes, key: key)
            #expect(loaded.code == 0)
            let handle = try #require(UInt32(loaded.handle.dropFirst(2), radix: 16))
            for (mode, modeID, suffix) in [
                ("cfb", TPMAlgorithm.cfb, "-cfb"), ("cbc", .cbc, "-cbc"), ("ofb", .ofb, "-ofb"), ("ecb", .ecb, ""),
            ] {
                var w = TPMWriter()
                w.writeSized(message)
                w.write(UInt8(0))
                w.write(modeID)
                w.writeSized(mode == "ecb" ? [] : iv)
                let response = try send(server, .encryptDecrypt2, handles: [handle], parameters: w.bytes)
                #expect(response.code == 0, "\(mode)")
                let fullKey = key.count == 16 ? key + key.prefix(8) : key
                let reference = try Peers.run(
                    "openssl",
                    [
                        "enc", "-des-ede3\(suffix)", "-K", hex(fullKey), "-iv", hex(iv), "-nopad",
                        "-in", plain, "-out", path("\(mode).ref"),
                    ])
                #expect(reference.status == 0, "\(reference.error)")
                // parameterSize, then outData's size and bytes.
                #expect(
                    Array(response.body.dropFirst(6).prefix(message.count)) == (try read("\(mode).ref")),
                    "\(key.count * 8)-bit \(mode)")
            }
            try server.tool("tpm2_flushcontext", [loaded.handle])
        }
    }

    @Test(
        "LoadExternal of weak and degenerate TDES keys answers as swtpm does", .enabled(if: Peers.isInstalled("swtpm")))
    func weakTDESKeysMatchSwtpm() throws {
        let good: [UInt8] = [0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01]
        try SwtpmParity.expectSameCodes(count: 3) { server, _ in
            var codes: [String: UInt32?] = [:]
            codes["weak K1"] = try loadSymmetric(
                server, algorithm: .tdes, key: [UInt8](repeating: 0x01, count: 8) + good
            ).code
            codes["K1 = K2"] = try loadSymmetric(server, algorithm: .tdes, key: good + good).code
            codes["K2 = K3"] = try loadSymmetric(
                server, algorithm: .tdes, key: [UInt8](repeating: 0x13, count: 8) + good + good
            ).code
            return codes
        }
    }

    @Test("a Camellia-256 storage primary protects a child that loads back and signs for openssl")
    func camelliaStorageParent() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed(
            "tpm2_createprimary", ["-C", "o", "-G", "rsa2048:null:camellia256cfb", "-c", path("parent.ctx")])
        try server.succeed(
            "tpm2_create",
            ["-C", path("parent.ctx"), "-G", "ecc256:ecdsa-sha256", "-u", path("key.pub"), "-r", path("key.priv")])
        try server.succeed(
            "tpm2_load",
            ["-C", path("parent.ctx"), "-u", path("key.pub"), "-r", path("key.priv"), "-c", path("key.ctx")])
        try expectSignatureVerifies(server, key: "key.ctx")
    }

    @Test(
        "P-192 and P-224 keys sign (ECDSA) for openssl, and the two halves of ECDH agree",
        arguments: ["ecc192", "ecc224"])
    func smallCurves(curve: String) throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-G", "\(curve):ecdsa-sha256", "-u", path("key.pub"), "-r", path("key.priv"),
                "-c", path("key.ctx"),
            ])
        try expectSignatureVerifies(server, key: "key.ctx")

        // ECDH: both halves of the exchange run in the TPM and must agree on a Z of the curve's size.
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-G", "\(curve):ecdh", "-u", path("ecdh.pub"), "-r", path("ecdh.priv"), "-c",
                path("ecdh.ctx"),
            ])
        try server.succeed("tpm2_ecdhkeygen", ["-c", path("ecdh.ctx"), "-u", path("q.point"), "-o", path("z1.bin")])
        try server.succeed("tpm2_ecdhzgen", ["-c", path("ecdh.ctx"), "-u", path("q.point"), "-o", path("z2.bin")])
        #expect(try read("z1.bin") == read("z2.bin"))
        #expect(try TPMCryptoToolsTests.point(read("z1.bin")).x.count == (curve == "ecc192" ? 24 : 28))
    }

    /// Signs a random message with the loaded key and verifies with openssl against its PEM.
    private func expectSignatureVerifies(_ server: TPMServerProcess, key: String) throws {
        let message = try write(randomBytes(100), "message.bin")
        try server.succeed("tpm2_readpublic", ["-c", path(key), "-f", "pem", "-o", path("key.pem")])
        try server.succeed(
            "tpm2_sign", ["-c", path(key), "-g", "sha256", "-f", "plain", "-o", path("sig.der"), message])
        let verified = try Peers.run(
            "openssl", ["dgst", "-sha256", "-verify", path("key.pem"), "-signature", path("sig.der"), message])
        #expect(verified.status == 0 && verified.output.contains("Verified OK"), "\(verified.output) \(verified.error)")
    }

    @Test(
        "geteccparameters reports P-192 and P-224 byte for byte as swtpm does", .enabled(if: Peers.isInstalled("swtpm"))
    )
    func eccParametersMatchSwtpm() throws {
        for curve in ["ecc192", "ecc224"] {
            var answers: [[UInt8]] = []
            for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
                let server = try TPMServerProcess(kind)
                defer { server.stop() }
                try server.succeed("tpm2_geteccparameters", [curve, "-o", path("\(curve)-\(kind).bin")])
                answers.append(try read("\(curve)-\(kind).bin"))
            }
            #expect(answers[0] == answers[1], "\(curve)")
        }
    }

    /// tpm2_hmac cannot name CMAC (-g takes hashes only), so CMAC itself is tested in-process
    /// (TPM2Tests MACTests); what the tool can send to a cipher key must be refused as swtpm does.
    @Test(
        "hmac on an AES key answers with swtpm's codes (a hash: SCHEME; ALG_ERROR: SYMMETRIC)",
        .enabled(if: Peers.isInstalled("swtpm")))
    func macCodesMatchSwtpm() throws {
        let key = try write(randomBytes(16), "mac.key")
        let message = try write(randomBytes(40), "mac.msg")
        try SwtpmParity.expectSameCodes(count: 2) { server, tag in
            func code(_ args: [String]) throws -> UInt32? {
                try server.succeed(
                    "tpm2_loadexternal", ["-C", "n", "-G", "aes128", "-r", key, "-c", path("\(tag)-aes.ctx")])
                return try server.failureCode("tpm2_hmac", ["-c", path("\(tag)-aes.ctx")] + args + [message])
            }
            return [
                "sha256 on an AES key": try code(["-g", "sha256"]), "no scheme (ALG_ERROR) on an AES key": try code([]),
            ]
        }
    }

    /// SP 800-56A MQV for P-256 in plain Python integers, B's side: given A's static and ephemeral
    /// public points it makes B's key pairs and prints QsB, QeB and the x of
    /// P = tB·(QeA + avf(QeA)·QsA), tB = deB + avf(QeB)·dsB mod n — a checker that shares nothing
    /// with the TPM.
    static let mqvPeer = """
        import sys, secrets
        p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
        n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
        G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
             0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
        def add(P, Q):
            if P is None: return Q
            if Q is None: return P
            if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
            if P == Q: l = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
            else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
            x = (l * l - P[0] - Q[0]) % p
            return (x, (l * (P[0] - x) - P[1]) % p)
        def mul(k, P):
            R = None
            while k:
                if k & 1: R = add(R, P)
                P = add(P, P); k >>= 1
            return R
        f = (n.bit_length() + 1) // 2
        avf = lambda Q: Q[0] % (1 << f) + (1 << f)
        QsA = (int(sys.argv[1], 16), int(sys.argv[2], 16)); QeA = (int(sys.argv[3], 16), int(sys.argv[4], 16))
        dsB = secrets.randbelow(n - 1) + 1; deB = secrets.randbelow(n - 1) + 1
        QsB = mul(dsB, G); QeB = mul(deB, G)
        tB = (deB + avf(QeB) * dsB) % n
        P = mul(tB, add(QeA, mul(avf(QeA), QsA)))
        print("%064x %064x %064x %064x %064x" % (QsB[0], QsB[1], QeB[0], QeB[1], P[0]))
        """

    /// Bytes from hex text.
    private func bytes(hex text: String) -> [UInt8] {
        stride(from: 0, to: text.count - 1, by: 2).map { UInt8(text.dropFirst($0).prefix(2), radix: 16) ?? 0 }
    }

    /// tpm2_zgen2phase -s takes signing schemes only (5.4 says "Unknown signing scheme" even for
    /// ecdh), so ZGen_2Phase with ECMQV goes through tpm2_send, with keyA made persistent.
    @Test(
        "ecephemeral then ZGen_2Phase(ECMQV): Z1 is the MQV point B computes independently; Z2 is empty",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func ecmqv() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        try server.succeed("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")])
        try server.succeed(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-G", "ecc256", "-a",
                "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt",
                "-u", path("a.pub"), "-r", path("a.priv"), "-c", path("a.ctx"),
            ])
        try server.succeed("tpm2_evictcontrol", ["-C", "o", "-c", path("a.ctx"), "0x81000010"])
        try server.succeed("tpm2_readpublic", ["-c", "0x81000010", "-f", "pem", "-o", path("a.pem")])
        try Peers.run("openssl", ["pkey", "-pubin", "-in", path("a.pem"), "-outform", "DER", "-out", path("a.der")])
        let staticA = Array(try read("a.der").suffix(64))
        try server.succeed("tpm2_ecephemeral", ["-u", path("a-ephemeral.point"), "-t", path("counter"), "ecc256"])
        let ephemeralA = try TPMCryptoToolsTests.point(read("a-ephemeral.point"))
        let peer = try Peers.run(
            "/usr/bin/python3",
            [
                "-c", Self.mqvPeer, hex(Array(staticA.prefix(32))), hex(Array(staticA.suffix(32))),
                hex(ephemeralA.x), hex(ephemeralA.y),
            ])
        let fields = peer.output.split(separator: " ").map {
            String($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(fields.count == 5, "python: \(peer.error)")
        var w = TPMWriter()
        w.writeNested { TPMECCPoint(x: bytes(hex: fields[0]), y: bytes(hex: fields[1])).marshal(into: &$0) }
        w.writeNested { TPMECCPoint(x: bytes(hex: fields[2]), y: bytes(hex: fields[3])).marshal(into: &$0) }
        w.write(TPMAlgorithm.ecmqv)
        w.write(bytes: try read("counter"))
        let response = try send(server, .zGen2Phase, handles: [0x8100_0010], parameters: w.bytes)
        #expect(response.code == 0)
        // parameterSize, TPM2B_ECC_POINT Z1 (size, TPM2B x, TPM2B y), then Z2.
        let body = Array(response.body.dropFirst(4))
        let z1 = try TPMCryptoToolsTests.point(body)
        #expect(hex(z1.x) == fields[4])
        let z2Offset = 2 + 4 + z1.x.count + z1.y.count
        #expect(Array(body[z2Offset..<(z2Offset + 6)]) == [0, 4, 0, 0, 0, 0])
    }
}
