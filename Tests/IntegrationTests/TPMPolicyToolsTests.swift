import Foundation
import Testing

/// tpm2-tools building policies on `trustbench serve tpm`: every policy tool's trial digest
/// must be byte-identical to real swtpm's for the same steps, and PCR policies must gate
/// unsealing with swtpm's response codes.
@Suite(.serialized, .enabled(if: Peers.isInstalled("tpm2_policypcr") && Peers.isInstalled("swtpm"),
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
            ("locality", [("tpm2_policylocality", ["-L", path("locality"), "three"]),
                          ("tpm2_policylocality", ["-L", path("locality"), "0x0C"])]),
            ("cphash", [("tpm2_policycphash", ["--cphash-input", cpHash, "-L", path("cphash")])]),
            ("namehash", [("tpm2_policynamehash", ["-n", nameHash, "-L", path("namehash")])]),
            ("written", [("tpm2_policynvwritten", ["-L", path("written"), "s"])]),
            ("notwritten", [("tpm2_policynvwritten", ["-L", path("notwritten"), "c"])]),
            ("restart", [("tpm2_policypcr", ["-l", "sha256:0"]), ("tpm2_policyrestart", []),
                         ("tpm2_policyauthvalue", ["-L", path("restart")])]),
            ("chain", [("tpm2_policycommandcode", ["TPM2_CC_NV_Read"]), ("tpm2_policypassword", []),
                       ("tpm2_policypcr", ["-l", "sha256:23", "-L", path("chain")])]),
        ]
        var digests: [String: [Data]] = [:]
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm] {
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            for (name, steps) in cases { digests[name, default: []].append(try trialPolicy(server, name, steps)) }
            let or = try trialPolicy(server, "or", [("tpm2_policyor", ["-L", path("or"), "-l", "sha256:\(path("pcr")),\(path("cc"))"])])
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
        let created = try server.tool("tpm2_create", ["-C", path("primary.ctx"), "-L", policy, "-i", try file("secret", Array("sealed!".utf8)),
                                                      "-u", path("seal.pub"), "-r", path("seal.priv")])
        #expect(created.status == 0, "\(created.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        let loaded = try server.tool("tpm2_load", ["-C", path("primary.ctx"), "-u", path("seal.pub"), "-r", path("seal.priv"), "-c", path("seal.ctx")])
        #expect(loaded.status == 0, "\(loaded.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
    }

    /// A policy session running `steps`, then Unseal through it; the response code and output.
    private func unseal(_ server: TPMServerProcess, _ steps: [(String, [String])]) throws -> (rc: UInt32, output: String) {
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
            _ = try trialPolicy(server, "pcr.policy", [("tpm2_policypcr", ["-l", "sha256:16", "-L", path("pcr.policy")])])
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
            let steps: [(String, [String])] = [("tpm2_policypcr", ["-l", "sha256:16"]), ("tpm2_policyor", ["-l", branches])]
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
