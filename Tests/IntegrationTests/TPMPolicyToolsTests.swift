import Foundation
import Testing

/// tpm2-tools building policies on `trustbench serve tpm`: every policy tool's trial digest
/// must be byte-identical to real swtpm's for the same steps, and PCR policies must gate
/// unsealing with swtpm's response codes.
@Suite(
    .serialized,
    .enabled(
        if: Peers.isInstalled("tpm2_policypcr") && Peers.isInstalled("swtpm"),
        "tpm2-tools or swtpm is not installed (Tools/install-deps)"))
struct TPMPolicyToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }

    private func read(_ name: String) throws -> Data { try Data(contentsOf: work.appendingPathComponent(name)) }

    /// Runs `steps` (tool, arguments) in a fresh trial session and returns the policy the
    /// last step wrote to `name`.
    private func trialPolicy(_ server: TPMServerProcess, _ name: String, _ steps: [(String, [String])]) throws -> Data {
        let start = try server.tool("tpm2_startauthsession", ["-S", path("s.ctx")])
        guard start.status == 0 else { throw TestFailure("tpm2_startauthsession: \(start.error)") }
        defer { _ = try? server.tool("tpm2_flushcontext", [path("s.ctx")]) }
        for (tool, args) in steps {
            let result = try server.tool(tool, ["-S", path("s.ctx")] + args)
            guard result.status == 0 else { throw TestFailure("\(tool) \(args): \(result.error)") }
        }
        return try read(name)
    }

    @Test("Each policy tool's trial digest is byte-identical to swtpm's")
    func trialDigestsMatchSwtpm() throws {
        // tpm2_policycphash reads a marshalled TPM2B_DIGEST.
        let cpHash = try file("cphash.bin", [0, 32] + (0..<32).map { UInt8($0) })
        let nameHash = try file("namehash.bin", (0..<32).map { UInt8(0xA0 &+ $0) })
        let cases: [(String, [(String, [String])])] = [
            ("pcr", [("tpm2_policypcr", ["-l", "sha256:0,1,16", "-L", path("pcr")])]),
            ("pcrsha1", [("tpm2_policypcr", ["-l", "sha1:7+sha256:4", "-L", path("pcrsha1")])]),
            ("password", [("tpm2_policypassword", ["-L", path("password")])]),
            ("authvalue", [("tpm2_policyauthvalue", ["-L", path("authvalue")])]),
            ("cc", [("tpm2_policycommandcode", ["-L", path("cc"), "TPM2_CC_Unseal"])]),
            (
                "locality",
                [
                    ("tpm2_policylocality", ["-L", path("locality"), "three"]),
                    ("tpm2_policylocality", ["-L", path("locality"), "0x0C"]),
                ]
            ),
            ("cphash", [("tpm2_policycphash", ["--cphash-input", cpHash, "-L", path("cphash")])]),
            ("namehash", [("tpm2_policynamehash", ["-n", nameHash, "-L", path("namehash")])]),
            ("written", [("tpm2_policynvwritten", ["-L", path("written"), "s"])]),
            ("notwritten", [("tpm2_policynvwritten", ["-L", path("notwritten"), "c"])]),
            (
                "restart",
                [
                    ("tpm2_policypcr", ["-l", "sha256:0"]), ("tpm2_policyrestart", []),
                    ("tpm2_policyauthvalue", ["-L", path("restart")]),
                ]
            ),
            (
                "chain",
                [
                    ("tpm2_policycommandcode", ["TPM2_CC_NV_Read"]), ("tpm2_policypassword", []),
                    ("tpm2_policypcr", ["-l", "sha256:23", "-L", path("chain")]),
                ]
            ),
        ]
        var digests: [String: [Data]] = [:]
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            for (name, steps) in cases { digests[name, default: []].append(try trialPolicy(server, name, steps)) }
            let or = try trialPolicy(
                server, "or", [("tpm2_policyor", ["-L", path("or"), "-l", "sha256:\(path("pcr")),\(path("cc"))"])])
            digests["or", default: []].append(or)
        }
        for (name, pair) in digests {
            #expect(pair.count == 2 && pair[0].count == 32, "\(name)")
            #expect(pair.first == pair.last, "\(name): ours \(pair.first?.hex ?? "") swtpm \(pair.last?.hex ?? "")")
        }
        // password and authValue extend the digest with the same command code.
        #expect(digests["password"]?.first == digests["authvalue"]?.first)
        #expect(digests["restart"]?.first == digests["authvalue"]?.first)
    }

    /// Seals a secret under `policy` below a fresh primary key and loads it as seal.ctx.
    private func seal(_ server: TPMServerProcess, policy: String) throws {
        #expect(try server.tool("tpm2_createprimary", ["-C", "o", "-c", path("primary.ctx")]).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        let created = try server.tool(
            "tpm2_create",
            [
                "-C", path("primary.ctx"), "-L", policy, "-i", try file("secret", Array("sealed!".utf8)),
                "-u", path("seal.pub"), "-r", path("seal.priv"),
            ])
        #expect(created.status == 0, "\(created.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        let loaded = try server.tool(
            "tpm2_load",
            ["-C", path("primary.ctx"), "-u", path("seal.pub"), "-r", path("seal.priv"), "-c", path("seal.ctx")])
        #expect(loaded.status == 0, "\(loaded.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
    }

    /// A policy session running `steps`, then Unseal through it; the response code and output.
    private func unseal(_ server: TPMServerProcess, _ steps: [(String, [String])]) throws -> (
        rc: UInt32, output: String
    ) {
        #expect(try server.tool("tpm2_startauthsession", ["--policy-session", "-S", path("p.ctx")]).status == 0)
        defer {
            _ = try? server.tool("tpm2_flushcontext", [path("p.ctx")])
            _ = try? server.tool("tpm2_flushcontext", ["-t"])
        }
        for (tool, args) in steps {
            let result = try server.tool(tool, ["-S", path("p.ctx")] + args)
            if result.status != 0 { return (result.rc, result.error) }
        }
        let result = try server.tool("tpm2_unseal", ["-c", path("seal.ctx"), "-p", "session:\(path("p.ctx"))"])
        return (result.rc, result.output)
    }

    @Test("A secret sealed to PCR 16 unseals until the PCR is extended, then TPM_RC_POLICY_FAIL as swtpm")
    func pcrSealedSecret() throws {
        var codes: [[UInt32]] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            _ = try trialPolicy(
                server, "pcr.policy", [("tpm2_policypcr", ["-l", "sha256:16", "-L", path("pcr.policy")])])
            try seal(server, policy: path("pcr.policy"))
            let first = try unseal(server, [("tpm2_policypcr", ["-l", "sha256:16"])])
            #expect(first.output == "sealed!", "\(kind): \(first.output)")
            #expect(try server.tool("tpm2_pcrextend", ["16:sha256=" + String(repeating: "ab", count: 32)]).status == 0)
            let second = try unseal(server, [("tpm2_policypcr", ["-l", "sha256:16"])])
            codes.append([first.rc, second.rc])
        }
        #expect(codes.first == [0, 0x99D], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }

    @Test("PolicyOR of two PCR states: either unseals, a third fails PolicyOR as swtpm")
    func pcrBranches() throws {
        var codes: [[UInt32]] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            let extend = ["16:sha256=" + String(repeating: "cd", count: 32)]
            _ = try trialPolicy(server, "a", [("tpm2_policypcr", ["-l", "sha256:16", "-L", path("a")])])
            #expect(try server.tool("tpm2_pcrextend", extend).status == 0)
            _ = try trialPolicy(server, "b", [("tpm2_policypcr", ["-l", "sha256:16", "-L", path("b")])])
            let branches = "sha256:\(path("a")),\(path("b"))"
            _ = try trialPolicy(server, "or", [("tpm2_policyor", ["-L", path("or"), "-l", branches])])
            try seal(server, policy: path("or"))
            let steps: [(String, [String])] = [
                ("tpm2_policypcr", ["-l", "sha256:16"]), ("tpm2_policyor", ["-l", branches]),
            ]
            let inB = try unseal(server, steps)
            #expect(inB.output == "sealed!", "\(kind): \(inB.output)")
            #expect(try server.tool("tpm2_pcrextend", extend).status == 0)
            let neither = try unseal(server, steps)
            codes.append([inB.rc, neither.rc])
        }
        #expect(codes.first == [0, 0x1C4], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }
}

/// The second slice of policy commands: secrets, signatures, tickets, NV and Time
/// comparisons, templates, duplication targets and authorized policies.
extension TPMPolicyToolsTests {
    private func ok(_ server: TPMServerProcess, _ tool: String, _ args: [String]) throws {
        let result = try server.tool(tool, args)
        guard result.status == 0 else { throw TestFailure("\(tool) \(args): \(result.error)") }
    }

    private func openssl(_ args: [String]) throws {
        let result = try Peers.run("openssl", args)
        guard result.status == 0 else { throw TestFailure("openssl \(args): \(result.error)") }
    }

    /// An RSA key made by openssl, loaded (public part) in the owner hierarchy as key.ctx; its Name in key.name.
    private func loadSigner(_ server: TPMServerProcess) throws {
        if !FileManager.default.fileExists(atPath: path("key.pem")) {
            try openssl(["genrsa", "-out", path("key.pem"), "2048"])
            try openssl(["rsa", "-in", path("key.pem"), "-pubout", "-out", path("key.pub.pem")])
        }
        try ok(
            server, "tpm2_loadexternal",
            ["-C", "o", "-G", "rsa", "-u", path("key.pub.pem"), "-c", path("key.ctx"), "-n", path("key.name")])
    }

    /// An 8-byte ordinary index readable by the owner and by its own (empty) authValue.
    private func defineIndex(_ server: TPMServerProcess, _ handle: String, size: Int = 8) throws {
        try ok(
            server, "tpm2_nvdefine",
            [handle, "-C", "o", "-s", String(size), "-a", "ownerread|ownerwrite|authread|authwrite"])
    }

    @Test("Trial digests of the second slice are byte-identical to swtpm's")
    func secondSliceTrialDigestsMatchSwtpm() throws {
        let operand = try file("operand.bin", [0, 0, 0, 0, 0, 0, 0, 42])
        let template = try file("template.bin", (0..<32).map { UInt8(0x30 &+ $0) })
        let objectName = try file("object.name", [0, 0x0B] + (0..<32).map { UInt8($0) })
        let parentName = try file("parent.name", [0, 0x0B] + (0..<32).map { UInt8(0x80 &+ $0) })
        var digests: [String: [Data]] = [:]
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try loadSigner(server)
            try ok(server, "tpm2_flushcontext", ["-t"])
            try defineIndex(server, "0x1500016")
            try defineIndex(server, "0x1500017", size: 34)
            let cases: [(String, [(String, [String])])] = [
                ("secret", [("tpm2_policysecret", ["-c", "o", "-L", path("secret")])]),
                ("secretref", [("tpm2_policysecret", ["-c", "e", "-q", "0102", "-L", path("secretref")])]),
                (
                    "authorize",
                    [("tpm2_policyauthorize", ["-i", template, "-n", path("key.name"), "-L", path("authorize")])]
                ),
                (
                    "authorizeref",
                    [
                        (
                            "tpm2_policyauthorize",
                            ["-i", template, "-q", "abcd", "-n", path("key.name"), "-L", path("authorizeref")]
                        )
                    ]
                ),
                ("nv", [("tpm2_policynv", ["-C", "o", "-i", operand, "-L", path("nv"), "0x1500016", "ule"])]),
                (
                    "nvoffset",
                    [("tpm2_policynv", ["-i", operand, "--offset", "0", "-L", path("nvoffset"), "0x1500016", "bc"])]
                ),
                ("timer", [("tpm2_policycountertimer", ["-L", path("timer"), "--ult", "time=60000"])]),
                ("clock", [("tpm2_policycountertimer", ["-L", path("clock"), "clock=1000", "--ugt"])]),
                ("safe", [("tpm2_policycountertimer", ["-L", path("safe"), "safe"])]),
                ("template", [("tpm2_policytemplate", ["--template-hash", template, "-L", path("template")])]),
                (
                    "dupselect",
                    [("tpm2_policyduplicationselect", ["-n", objectName, "-N", parentName, "-L", path("dupselect")])]
                ),
                (
                    "dupinclude",
                    [
                        (
                            "tpm2_policyduplicationselect",
                            [
                                "-n", objectName, "-N", parentName, "--include-object",
                                "-L", path("dupinclude"),
                            ]
                        )
                    ]
                ),
                ("authorizenv", [("tpm2_policyauthorizenv", ["-C", "o", "-L", path("authorizenv"), "0x1500017"])]),
            ]
            for (name, steps) in cases { digests[name, default: []].append(try trialPolicy(server, name, steps)) }
        }
        for (name, pair) in digests {
            #expect(pair.count == 2 && pair[0].count == 32, "\(name)")
            #expect(pair.first == pair.last, "\(name): ours \(pair.first?.hex ?? "") swtpm \(pair.last?.hex ?? "")")
        }
    }

    @Test("PolicySecret against the owner's password unseals; a wrong password is TPM_RC_BAD_AUTH as swtpm")
    func secretSealedSecret() throws {
        var codes: [[UInt32]] = []
        var policies: [Data] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            policies.append(
                try trialPolicy(
                    server, "secret.policy", [("tpm2_policysecret", ["-c", "o", "-L", path("secret.policy")])]))
            try seal(server, policy: path("secret.policy"))
            try ok(server, "tpm2_changeauth", ["-c", "o", "ownerpass"])
            let right = try unseal(server, [("tpm2_policysecret", ["-c", "o", "ownerpass"])])
            #expect(right.output == "sealed!", "\(kind): \(right.output)")
            let wrong = try unseal(server, [("tpm2_policysecret", ["-c", "o", "nope"])])
            let unsatisfied = try unseal(server, [])
            codes.append([right.rc, wrong.rc, unsatisfied.rc])
        }
        #expect(policies.first == policies.last)
        #expect(codes.first == [0, 0x9A2, 0x99D], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }

    @Test(
        "PolicyAuthorize: a PCR policy signed by an openssl key, ticket from VerifySignature, unseals; a stale PCR state is refused as swtpm"
    )
    func authorizedPolicy() throws {
        var codes: [[UInt32]] = []
        var policies: [Data] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try loadSigner(server)
            try ok(server, "tpm2_flushcontext", ["-t"])
            _ = try trialPolicy(
                server, "pcr.policy", [("tpm2_policypcr", ["-l", "sha256:16", "-L", path("pcr.policy")])])
            policies.append(
                try trialPolicy(
                    server, "authorized.policy",
                    [
                        (
                            "tpm2_policyauthorize",
                            [
                                "-i", path("pcr.policy"), "-n", path("key.name"), "-L", path("authorized.policy"),
                            ]
                        )
                    ]))
            try seal(server, policy: path("authorized.policy"))
            // The authority signs the approved policy (aHash = H(approvedPolicy || empty policyRef)).
            try openssl(["dgst", "-sha256", "-sign", path("key.pem"), "-out", path("pcr.sig"), path("pcr.policy")])
            try loadSigner(server)
            try ok(
                server, "tpm2_verifysignature",
                [
                    "-c", path("key.ctx"), "-g", "sha256", "-m", path("pcr.policy"),
                    "-s", path("pcr.sig"), "-f", "rsassa", "-t", path("verified.tkt"),
                ])
            try ok(server, "tpm2_flushcontext", ["-t"])
            let authorize: (String, [String]) = (
                "tpm2_policyauthorize",
                [
                    "-i", path("pcr.policy"), "-n", path("key.name"),
                    "-t", path("verified.tkt"),
                ]
            )
            let approved = try unseal(server, [("tpm2_policypcr", ["-l", "sha256:16"]), authorize])
            #expect(approved.output == "sealed!", "\(kind): \(approved.output)")
            #expect(try server.tool("tpm2_pcrextend", ["16:sha256=" + String(repeating: "ab", count: 32)]).status == 0)
            let stale = try unseal(server, [("tpm2_policypcr", ["-l", "sha256:16"]), authorize])
            codes.append([approved.rc, stale.rc])
        }
        #expect(policies.first == policies.last)
        #expect(codes.first == [0, 0x1C4], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }

    @Test("PolicyNV on a written index gates unsealing; a changed value is TPM_RC_POLICY as swtpm")
    func nvGatedSecret() throws {
        var codes: [[UInt32]] = []
        var policies: [Data] = []
        let operand = try file("nv.operand", [0, 0, 0, 0, 0, 0, 0, 7])
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try defineIndex(server, "0x1500020")
            try ok(server, "tpm2_nvwrite", ["0x1500020", "-C", "o", "-i", operand])
            policies.append(
                try trialPolicy(
                    server, "nv.policy",
                    [
                        (
                            "tpm2_policynv",
                            [
                                "-C", "o", "-i", operand, "-L", path("nv.policy"),
                                "0x1500020", "eq",
                            ]
                        )
                    ]))
            try seal(server, policy: path("nv.policy"))
            let byOwner = try unseal(server, [("tpm2_policynv", ["-C", "o", "-i", operand, "0x1500020", "eq"])])
            #expect(byOwner.output == "sealed!", "\(kind): \(byOwner.output)")
            let byIndex = try unseal(server, [("tpm2_policynv", ["-i", operand, "0x1500020", "eq"])])
            #expect(byIndex.output == "sealed!", "\(kind): \(byIndex.output)")
            try ok(
                server, "tpm2_nvwrite", ["0x1500020", "-C", "o", "-i", try file("nv.other", [0, 0, 0, 0, 0, 0, 0, 8])])
            let changed = try unseal(server, [("tpm2_policynv", ["-C", "o", "-i", operand, "0x1500020", "eq"])])
            let greater = try unseal(server, [("tpm2_policynv", ["-C", "o", "-i", operand, "0x1500020", "ugt"])])
            codes.append([byOwner.rc, byIndex.rc, changed.rc, greater.rc])
        }
        #expect(policies.first == policies.last)
        #expect(codes.first == [0, 0, 0x126, 0x99D], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }

    @Test(
        "PolicyNV's signed comparisons order two negative operands as Part 4's SignedCompareB, as swtpm (0x81 sgt 0x82)"
    )
    func signedComparisonsAsReference() throws {
        // operandA in the index is 0x81; each case is (operandB, operation).
        let cases: [(UInt8, String)] = [
            (0x82, "sgt"), (0x82, "slt"), (0x80, "sgt"), (0x80, "sle"), (0x01, "slt"), (0x01, "sgt"),
            (0x81, "sge"), (0x81, "sgt"),
        ]
        var codes: [[UInt32]] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            try defineIndex(server, "0x1500021", size: 1)
            try ok(server, "tpm2_nvwrite", ["0x1500021", "-C", "o", "-i", try file("a.bin", [0x81])])
            var results: [UInt32] = []
            for (operandB, operation) in cases {
                #expect(
                    try server.tool("tpm2_startauthsession", ["--policy-session", "-S", path("p.ctx")]).status == 0)
                let result = try server.tool(
                    "tpm2_policynv",
                    [
                        "-S", path("p.ctx"), "-C", "o", "-i", try file("b.bin", [operandB]),
                        "0x1500021", operation,
                    ])
                _ = try? server.tool("tpm2_flushcontext", [path("p.ctx")])
                results.append(result.rc)
            }
            codes.append(results)
        }
        // 0x81 > 0x82 and 0x81 < 0x80 by SignedCompareB (two's complement says the opposite);
        // a negative operand is below a positive one; TPM_RC_POLICY (0x126) when it fails.
        #expect(codes.first == [0, 0x126, 0x126, 0, 0, 0x126, 0, 0x126], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }

    @Test(
        "PolicySigned with an openssl signature over the tool's data unseals; its ticket works through PolicyTicket; a bad signature is refused as swtpm"
    )
    func signedSecret() throws {
        var codes: [[UInt32]] = []
        var policies: [Data] = []
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            // Trial: no nonce and expiration 0, so the signed data is four zero bytes.
            // One authority key for both TPMs, so both policies name it.
            let zero = try file("zero.bin", [0, 0, 0, 0])
            try loadSigner(server)
            try openssl(["dgst", "-sha256", "-sign", path("key.pem"), "-out", path("zero.sig"), zero])
            policies.append(
                try trialPolicy(
                    server, "signed.policy",
                    [
                        (
                            "tpm2_policysigned",
                            [
                                "-c", path("key.ctx"), "-g", "sha256", "-s", path("zero.sig"), "-f", "rsassa", "-L",
                                path("signed.policy"),
                            ]
                        )
                    ]))
            try ok(server, "tpm2_flushcontext", ["-t"])
            try seal(server, policy: path("signed.policy"))

            func signedSteps(nonce: Bool, expiration: String?, sign: Bool, extra: [String] = []) -> [(String, [String])]
            {
                var base = ["-c", path("key.ctx"), "-g", "sha256", "-f", "rsassa"] + (nonce ? ["-x"] : [])
                if let expiration { base += ["-t", expiration] }
                return [
                    ("tpm2_loadexternal", ["-C", "o", "-G", "rsa", "-u", path("key.pub.pem"), "-c", path("key.ctx")]),
                    ("tpm2_policysigned", base + ["--raw-data", path("tosign.bin")]),
                    (
                        "openssl",
                        [
                            "dgst", "-sha256", "-sign", path("key.pem"), "-out", path("live.sig"),
                            sign ? path("tosign.bin") : zero,
                        ]
                    ),
                    ("tpm2_policysigned", base + ["-s", path("live.sig")] + extra),
                ]
            }
            func run(_ steps: [(String, [String])]) throws -> (rc: UInt32, output: String) {
                // openssl and loadexternal take no -S; wrap them so unseal's step runner can pass it.
                #expect(
                    try server.tool("tpm2_startauthsession", ["--policy-session", "-S", path("p.ctx")]).status == 0)
                defer {
                    _ = try? server.tool("tpm2_flushcontext", [path("p.ctx")])
                    _ = try? server.tool("tpm2_flushcontext", ["-t"])
                }
                for (tool, args) in steps {
                    let result =
                        tool == "openssl"
                        ? try Peers.run(tool, args)
                        : try server.tool(tool, tool == "tpm2_loadexternal" ? args : ["-S", path("p.ctx")] + args)
                    if tool == "tpm2_loadexternal" || tool == "openssl" {
                        #expect(result.status == 0, "\(result.error)")
                    }
                    if result.status != 0 { return (result.rc, result.error) }
                }
                _ = try? server.tool("tpm2_flushcontext", ["-t"])
                let result = try server.tool("tpm2_unseal", ["-c", path("seal.ctx"), "-p", "session:\(path("p.ctx"))"])
                return (result.rc, result.output)
            }
            let signed = try run(signedSteps(nonce: true, expiration: nil, sign: true))
            #expect(signed.output == "sealed!", "\(kind): \(signed.output)")
            let forged = try run(signedSteps(nonce: true, expiration: nil, sign: false))
            // A negative expiration without a nonce: the TPM returns a ticket PolicyTicket accepts later.
            let ticketed = try run(
                signedSteps(
                    nonce: false, expiration: "-300", sign: true,
                    extra: ["--ticket", path("auth.tkt"), "--timeout", path("auth.timeout")]))
            #expect(ticketed.output == "sealed!", "\(kind): \(ticketed.output)")
            let replay = try run([
                (
                    "tpm2_loadexternal",
                    ["-C", "o", "-G", "rsa", "-u", path("key.pub.pem"), "-c", path("key.ctx"), "-n", path("key.name")]
                ),
                (
                    "tpm2_policyticket",
                    ["-n", path("key.name"), "--ticket", path("auth.tkt"), "--timeout", path("auth.timeout")]
                ),
            ])
            #expect(replay.output == "sealed!", "\(kind): \(replay.output)")
            codes.append([signed.rc, forged.rc, ticketed.rc, replay.rc])
        }
        #expect(policies.first == policies.last, "ours \(policies.first?.hex ?? "") swtpm \(policies.last?.hex ?? "")")
        #expect(codes.first == [0, 0x5DB, 0, 0], "\(codes)")
        #expect(codes.first == codes.last, "ours \(codes.first ?? []) swtpm \(codes.last ?? [])")
    }
}
