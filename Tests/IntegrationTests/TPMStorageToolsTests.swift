import Foundation
import Testing

/// tpm2-tools driving NV indices, persistent objects, hierarchy, dictionary-attack and clock
/// commands on `trustbench serve tpm`; where a result code matters, real swtpm runs the same
/// steps and must answer the same.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_nvdefine"), "tpm2-tools is not installed (Tools/install-deps)"))
struct TPMStorageToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: work.appendingPathComponent(name))
        return path(name)
    }

    private func sha256(_ data: Data) throws -> String {
        String(try Peers.run("openssl", ["dgst", "-sha256", "-hex", "-r"], input: data).output.prefix(64))
    }

    @Test("NV ordinary index: partial write, 0xFF fill, offsets, uninitialized and locked reads")
    func ordinaryIndex() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(
            try server.tool("tpm2_nvdefine", ["0x1500016", "-C", "o", "-s", "32", "-a", "ownerread|ownerwrite"]).status
                == 0)
        let unwritten = try server.tool("tpm2_nvread", ["-C", "o", "0x1500016"])
        #expect(unwritten.rc == 0x14A, "\(unwritten.error)")
        let data = try file("ab.bin", Array("ab".utf8))
        #expect(try server.tool("tpm2_nvwrite", ["-C", "o", "0x1500016", "-i", data, "--offset", "4"]).status == 0)
        let read = try server.tool("tpm2_nvread", ["-C", "o", "0x1500016", "-o", path("out.bin")])
        #expect(read.status == 0, "\(read.error)")
        let expected = [UInt8](repeating: 0xFF, count: 4) + Array("ab".utf8) + [UInt8](repeating: 0xFF, count: 26)
        #expect(try Data(contentsOf: work.appendingPathComponent("out.bin")) == Data(expected))
        let slice = try server.tool(
            "tpm2_nvread", ["-C", "o", "0x1500016", "-s", "2", "--offset", "4", "-o", path("slice.bin")])
        #expect(slice.status == 0)
        #expect(try Data(contentsOf: work.appendingPathComponent("slice.bin")) == Data("ab".utf8))
        let publicArea = try server.tool("tpm2_nvreadpublic", ["0x1500016"])
        #expect(publicArea.output.contains("written"), "\(publicArea.output)")
        #expect(publicArea.output.contains("size: 32"))
        #expect(try server.tool("tpm2_getcap", ["handles-nv-index"]).output.contains("0x1500016"))
        #expect(try server.tool("tpm2_nvundefine", ["0x1500016", "-C", "o"]).status == 0)
        #expect(!(try server.tool("tpm2_getcap", ["handles-nv-index"]).output.contains("0x1500016")))
    }

    @Test("NV counter, bits and extend indices compute what the spec says")
    func specialIndices() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(
            try server.tool(
                "tpm2_nvdefine", ["0x1500020", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=counter"]
            ).status == 0)
        for _ in 0..<3 { #expect(try server.tool("tpm2_nvincrement", ["-C", "o", "0x1500020"]).status == 0) }
        #expect(try server.tool("tpm2_nvread", ["-C", "o", "0x1500020", "-o", path("counter.bin")]).status == 0)
        #expect(try Data(contentsOf: work.appendingPathComponent("counter.bin")) == Data([0, 0, 0, 0, 0, 0, 0, 3]))
        // A counter is not written with NV_Write: TPM_RC_ATTRIBUTES.
        let refused = try server.tool(
            "tpm2_nvwrite", ["-C", "o", "0x1500020", "-i", try file("eight.bin", [UInt8](repeating: 1, count: 8))])
        #expect(refused.rc == 0x082, "\(refused.error)")

        #expect(
            try server.tool("tpm2_nvdefine", ["0x1500021", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=bits"])
                .status == 0)
        #expect(try server.tool("tpm2_nvsetbits", ["-C", "o", "0x1500021", "-i", "0x11"]).status == 0)
        #expect(try server.tool("tpm2_nvsetbits", ["-C", "o", "0x1500021", "-i", "0x0100000000000002"]).status == 0)
        #expect(try server.tool("tpm2_nvread", ["-C", "o", "0x1500021", "-o", path("bits.bin")]).status == 0)
        #expect(try Data(contentsOf: work.appendingPathComponent("bits.bin")) == Data([1, 0, 0, 0, 0, 0, 0, 0x13]))

        #expect(
            try server.tool(
                "tpm2_nvdefine",
                [
                    "0x1500022", "-C", "o", "-s", "32", "-g", "sha256",
                    "-a", "ownerread|ownerwrite|nt=extend",
                ]
            ).status == 0)
        let event = try file("event.bin", Array("measured".utf8))
        #expect(try server.tool("tpm2_nvextend", ["-C", "o", "0x1500022", "-i", event]).status == 0)
        #expect(try server.tool("tpm2_nvread", ["-C", "o", "0x1500022", "-o", path("extend.bin")]).status == 0)
        let expected = try sha256(Data(repeating: 0, count: 32) + Data("measured".utf8))
        #expect(try Data(contentsOf: work.appendingPathComponent("extend.bin")).hex == expected)
    }

    @Test("NV index authorized by its own password; wrong password and missing authwrite give swtpm's codes")
    func indexPassword() throws {
        let codes = try [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm].map { kind -> [UInt32] in
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            var codes: [UInt32] = []
            #expect(
                try server.tool(
                    "tpm2_nvdefine",
                    [
                        "0x1500030", "-C", "o", "-s", "16", "-p", "indexpass",
                        "-a", "authread|authwrite",
                    ]
                ).status == 0)
            let data = try file("sixteen.bin", Array("0123456789abcdef".utf8))
            #expect(try server.tool("tpm2_nvwrite", ["0x1500030", "-P", "indexpass", "-i", data]).status == 0)
            let read = try server.tool("tpm2_nvread", ["0x1500030", "-P", "indexpass"])
            #expect(read.output == "0123456789abcdef", "\(kind): \(read.error)")
            codes.append(try server.tool("tpm2_nvread", ["0x1500030", "-P", "wrong"]).rc)
            // Owner may not read an index without ownerread.
            codes.append(try server.tool("tpm2_nvread", ["0x1500030", "-C", "o"]).rc)
            #expect(
                try server.tool("tpm2_nvdefine", ["0x1500031", "-C", "o", "-s", "4", "-a", "ownerread|ownerwrite"])
                    .status == 0)
            codes.append(try server.tool("tpm2_nvwrite", ["0x1500031", "-i", try file("four.bin", [1, 2, 3, 4])]).rc)
            // Defined twice; a data size above the TPM's maximum; beyond the index.
            codes.append(
                try server.tool("tpm2_nvdefine", ["0x1500031", "-C", "o", "-s", "4", "-a", "ownerread|ownerwrite"]).rc)
            codes.append(try server.tool("tpm2_nvincrement", ["0x1500031", "-C", "o"]).rc)
            // tpm2_nvundefine first reads the index's public area (NV_ReadPublic, handle 1).
            codes.append(try server.tool("tpm2_nvundefine", ["0x1500039", "-C", "o"]).rc)
            return codes
        }
        #expect(codes[0] == [0x98E, 0x149, 0x12F, 0x14C, 0x282, 0x18B], "trustbench answered \(codes[0].map(\.hex))")
        #expect(codes[0] == codes[1], "trustbench \(codes[0].map(\.hex)) vs swtpm \(codes[1].map(\.hex))")
    }

    @Test("write locks: writedefine survives a restart, writestclear and readstclear do not; globallock")
    func locks() throws {
        var server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let data = try file("four.bin", [9, 8, 7, 6])
        for (index, attributes) in [
            ("0x1500040", "ownerread|ownerwrite|writedefine"),
            ("0x1500041", "ownerread|ownerwrite|write_stclear|read_stclear"),
            ("0x1500042", "ownerread|ownerwrite|globallock"),
        ] {
            #expect(try server.tool("tpm2_nvdefine", [index, "-C", "o", "-s", "4", "-a", attributes]).status == 0)
            #expect(try server.tool("tpm2_nvwrite", [index, "-C", "o", "-i", data]).status == 0)
        }
        #expect(try server.tool("tpm2_nvwritelock", ["0x1500040", "-C", "o"]).status == 0)
        #expect(try server.tool("tpm2_nvwritelock", ["0x1500041", "-C", "o"]).status == 0)
        #expect(try server.tool("tpm2_nvreadlock", ["0x1500041", "-C", "o"]).status == 0)
        #expect(try server.tool("tpm2_nvwritelock", ["--global", "-C", "o"]).status == 0)
        for index in ["0x1500040", "0x1500041", "0x1500042"] {
            #expect(
                try server.tool("tpm2_nvwrite", [index, "-C", "o", "-i", data]).rc == 0x148,
                "\(index) should be write locked")
        }
        #expect(try server.tool("tpm2_nvread", ["0x1500041", "-C", "o"]).rc == 0x148)
        // Locking an index that has neither writedefine nor write_stclear: TPM_RC_ATTRIBUTES on handle 2.
        #expect(
            try server.tool("tpm2_nvdefine", ["0x1500043", "-C", "o", "-s", "4", "-a", "ownerread|ownerwrite"]).status
                == 0)
        #expect(try server.tool("tpm2_nvwritelock", ["0x1500043", "-C", "o"]).rc == 0x282)

        // Power cycle: the server restarts on the same state and sends Startup(CLEAR).
        server.stop()
        server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: server.stateDirectory)
        #expect(
            try server.tool("tpm2_nvwrite", ["0x1500040", "-C", "o", "-i", data]).rc == 0x148,
            "writedefine lock is permanent")
        #expect(try server.tool("tpm2_nvwrite", ["0x1500041", "-C", "o", "-i", data]).status == 0)
        #expect(try server.tool("tpm2_nvread", ["0x1500041", "-C", "o", "-o", path("back.bin")]).status == 0)
        #expect(try server.tool("tpm2_nvwrite", ["0x1500042", "-C", "o", "-i", data]).status == 0)
    }

    @Test("evictcontrol: a persistent key survives a restart, signs, and is removed again")
    func persistentKey() throws {
        var server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(
            try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("primary.ctx")]).status == 0)
        #expect(
            try server.tool(
                "tpm2_create",
                [
                    "-C", path("primary.ctx"), "-G", "ecc256:ecdsa-sha256", "-u", path("key.pub"),
                    "-r", path("key.priv"),
                ]
            ).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(
            try server.tool(
                "tpm2_load",
                [
                    "-C", path("primary.ctx"), "-u", path("key.pub"), "-r", path("key.priv"),
                    "-c", path("key.ctx"),
                ]
            ).status == 0)
        let evicted = try server.tool("tpm2_evictcontrol", ["-C", "o", "-c", path("key.ctx"), "0x81000010"])
        #expect(evicted.status == 0, "\(evicted.error)")
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        // Same handle twice: TPM_RC_NV_DEFINED; a platform-range handle with owner auth: TPM_RC_RANGE on parameter 1.
        #expect(
            try server.tool(
                "tpm2_load",
                [
                    "-C", path("primary.ctx"), "-u", path("key.pub"), "-r", path("key.priv"),
                    "-c", path("key2.ctx"),
                ]
            ).status == 0)
        #expect(try server.tool("tpm2_evictcontrol", ["-C", "o", "-c", path("key2.ctx"), "0x81000010"]).rc == 0x14C)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try server.tool("tpm2_evictcontrol", ["-C", "o", "-c", path("key2.ctx"), "0x81800010"]).rc == 0x1CD)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        let before = try server.tool("tpm2_readpublic", ["-c", "0x81000010"]).output

        server.stop()
        server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: server.stateDirectory)
        #expect(try server.tool("tpm2_getcap", ["handles-persistent"]).output.contains("0x81000010"))
        let after = try server.tool("tpm2_readpublic", ["-c", "0x81000010", "-o", path("persistent.pem"), "-f", "pem"])
        #expect(after.output == before)
        let message = try file("message.txt", Array("persist me".utf8))
        let signed = try server.tool(
            "tpm2_sign", ["-c", "0x81000010", "-g", "sha256", "-f", "plain", "-o", path("sig.der"), message])
        #expect(signed.status == 0, "\(signed.error)")
        let verify = try Peers.run(
            "openssl", ["dgst", "-sha256", "-verify", path("persistent.pem"), "-signature", path("sig.der"), message])
        #expect(verify.output.contains("Verified OK"), "\(verify.output) \(verify.error)")
        #expect(try server.tool("tpm2_evictcontrol", ["-C", "o", "-c", "0x81000010"]).status == 0)
        #expect(!(try server.tool("tpm2_getcap", ["handles-persistent"]).output.contains("0x81000010")))
    }

    @Test("hierarchy passwords: changeauth, bad password codes as swtpm gives them, setprimarypolicy")
    func hierarchyAuth() throws {
        let codes = try [TPMServerProcess.Kind.trustbenchSwtpm, .swtpm].map { kind -> [UInt32] in
            let server = try TPMServerProcess(kind)
            defer { server.stop() }
            #expect(try server.tool("tpm2_changeauth", ["-c", "o", "ownerpass"]).status == 0)
            #expect(try server.tool("tpm2_changeauth", ["-c", "e", "endorsepass"]).status == 0)
            #expect(try server.tool("tpm2_changeauth", ["-c", "l", "lockoutpass"]).status == 0)
            let properties = try server.tool("tpm2_getcap", ["properties-variable"]).output
            #expect(properties.contains("ownerAuthSet:              1"), "\(properties)")
            #expect(properties.contains("endorsementAuthSet:        1"))
            #expect(properties.contains("lockoutAuthSet:            1"))
            var codes: [UInt32] = []
            codes.append(try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("p.ctx")]).rc)
            codes.append(
                try server.tool("tpm2_createprimary", ["-C", "o", "-P", "wrong", "-G", "ecc256", "-c", path("p.ctx")])
                    .rc)
            let good = try server.tool(
                "tpm2_createprimary", ["-C", "o", "-P", "ownerpass", "-G", "ecc256", "-c", path("p.ctx")])
            #expect(good.status == 0, "\(kind): \(good.error)")
            #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
            // Changing it again needs the old one; then back to empty.
            #expect(try server.tool("tpm2_changeauth", ["-c", "o", "-p", "ownerpass", "second"]).status == 0)
            #expect(try server.tool("tpm2_changeauth", ["-c", "o", "-p", "second"]).status == 0)
            #expect(
                try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("p.ctx")]).status == 0)
            #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
            // Hierarchies are not protected against dictionary attacks: TPM_RC_BAD_AUTH, not AUTH_FAIL.
            codes.append(try server.tool("tpm2_changeauth", ["-c", "o", "-p", "wrong", "third"]).rc)
            let policy = try file("policy.bin", [UInt8](repeating: 0x5A, count: 32))
            #expect(try server.tool("tpm2_setprimarypolicy", ["-C", "o", "-L", policy, "-g", "sha256"]).status == 0)
            codes.append(
                try server.tool(
                    "tpm2_setprimarypolicy", ["-C", "o", "-L", try file("short.bin", [1, 2, 3]), "-g", "sha256"]
                ).rc)
            return codes
        }
        #expect(codes[0] == [0x9A2, 0x9A2, 0x9A2, 0x1D5], "trustbench answered \(codes[0].map(\.hex))")
        #expect(codes[0] == codes[1], "trustbench \(codes[0].map(\.hex)) vs swtpm \(codes[1].map(\.hex))")
    }

    @Test("dictionary attack: failures lock a key out, lockout auth resets it, parameters are reported")
    func dictionaryAttack() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(try server.tool("tpm2_dictionarylockout", ["-s", "-n", "2", "-t", "600", "-l", "1200"]).status == 0)
        var properties = try server.tool("tpm2_getcap", ["properties-variable"]).output
        #expect(properties.contains("TPM2_PT_MAX_AUTH_FAIL: 0x2"), "\(properties)")
        #expect(properties.contains("TPM2_PT_LOCKOUT_INTERVAL: 0x258"))
        #expect(properties.contains("TPM2_PT_LOCKOUT_RECOVERY: 0x4B0"))
        #expect(
            try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("primary.ctx")]).status == 0)
        #expect(
            try server.tool(
                "tpm2_create",
                [
                    "-C", path("primary.ctx"), "-G", "ecc256", "-p", "keypass",
                    "-u", path("key.pub"), "-r", path("key.priv"),
                ]
            ).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(
            try server.tool(
                "tpm2_load",
                [
                    "-C", path("primary.ctx"), "-u", path("key.pub"), "-r", path("key.priv"),
                    "-c", path("key.ctx"),
                ]
            ).status == 0)
        let message = try file("m.txt", Array("hello".utf8))
        func sign(_ password: String) throws -> UInt32 {
            defer { _ = try? server.tool("tpm2_flushcontext", ["-t"]) }
            return try server.tool(
                "tpm2_sign", ["-c", path("key.ctx"), "-p", password, "-g", "sha256", "-o", path("s.bin"), message]
            ).rc
        }
        #expect(try sign("bad") == 0x98E)
        #expect(try sign("bad") == 0x98E)
        #expect(try sign("keypass") == 0x921, "two failures with maxTries 2 lock DA-protected objects out")
        properties = try server.tool("tpm2_getcap", ["properties-variable"]).output
        #expect(properties.contains("inLockout:                 1"), "\(properties)")
        #expect(try server.tool("tpm2_dictionarylockout", ["-c"]).status == 0)
        #expect(try sign("keypass") == 0)
        // A wrong lockout password locks lockoutAuth itself for lockoutRecovery seconds.
        #expect(try server.tool("tpm2_dictionarylockout", ["-c", "-p", "wrong"]).rc == 0x98E)
        #expect(try server.tool("tpm2_dictionarylockout", ["-c"]).rc == 0x921)
    }

    @Test("clear: new storage seed, owner NV and persistent objects gone, platform index kept; clearcontrol")
    func clear() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        func primaryName() throws -> String {
            var outputs = ""
            for algorithm in ["ecc256", "rsa2048"] {
                let result = try server.tool("tpm2_createprimary", ["-C", "o", "-G", algorithm, "-c", path("p.ctx")])
                #expect(result.status == 0, "\(result.error)")
                _ = try server.tool("tpm2_flushcontext", ["-t"])
                outputs += result.output
            }
            return outputs
        }
        let before = try primaryName()
        #expect(try primaryName() == before, "same seed, same template, same key")
        #expect(
            try server.tool("tpm2_nvdefine", ["0x1500050", "-C", "o", "-s", "4", "-a", "ownerread|ownerwrite"]).status
                == 0)
        #expect(
            try server.tool(
                "tpm2_nvdefine", ["0x1400050", "-C", "p", "-s", "4", "-a", "ppread|ppwrite|platformcreate"]
            ).status == 0)
        #expect(try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("p.ctx")]).status == 0)
        #expect(try server.tool("tpm2_evictcontrol", ["-C", "o", "-c", path("p.ctx"), "0x81000050"]).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)
        #expect(try server.tool("tpm2_changeauth", ["-c", "o", "ownerpass"]).status == 0)

        #expect(try server.tool("tpm2_clearcontrol", ["-C", "l", "s"]).status == 0)
        #expect(try server.tool("tpm2_clear", ["-c", "l"]).rc == 0x120, "clear is disabled")
        #expect(try server.tool("tpm2_clearcontrol", ["-C", "p", "c"]).status == 0)
        let cleared = try server.tool("tpm2_clear", ["-c", "l"])
        #expect(cleared.status == 0, "\(cleared.error)")

        let after = try primaryName()
        #expect(after != before, "a new storage seed gives new primary keys")
        let rsaBefore = before.components(separatedBy: "rsa:").last ?? ""
        let rsaAfter = after.components(separatedBy: "rsa:").last ?? ""
        #expect(!rsaBefore.isEmpty && rsaBefore != rsaAfter, "the RSA-2048 primary changes too")
        let nv = try server.tool("tpm2_getcap", ["handles-nv-index"]).output
        #expect(!nv.contains("0x1500050") && nv.contains("0x1400050"), "\(nv)")
        #expect(!(try server.tool("tpm2_getcap", ["handles-persistent"]).output.contains("0x81000050")))
        #expect(try server.tool("tpm2_getcap", ["properties-variable"]).output.contains("ownerAuthSet:              0"))
    }

    @Test("hierarchycontrol disables the owner hierarchy until platform enables it; changeeps changes the EK")
    func hierarchyControl() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        #expect(try server.tool("tpm2_hierarchycontrol", ["-C", "o", "shEnable", "clear"]).status == 0)
        #expect(try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("p.ctx")]).rc == 0x185)
        #expect(try server.tool("tpm2_getcap", ["properties-variable"]).output.contains("shEnable:                  0"))
        #expect(try server.tool("tpm2_hierarchycontrol", ["-C", "p", "shEnable", "set"]).status == 0)
        #expect(try server.tool("tpm2_createprimary", ["-C", "o", "-G", "ecc256", "-c", path("p.ctx")]).status == 0)
        #expect(try server.tool("tpm2_flushcontext", ["-t"]).status == 0)

        func endorsementName() throws -> String {
            let result = try server.tool("tpm2_createprimary", ["-C", "e", "-G", "ecc256", "-c", path("ek.ctx")])
            #expect(result.status == 0, "\(result.error)")
            _ = try server.tool("tpm2_flushcontext", ["-t"])
            return result.output
        }
        let before = try endorsementName()
        #expect(try server.tool("tpm2_changeeps", []).status == 0)
        #expect(try endorsementName() != before)
        #expect(try server.tool("tpm2_changepps", []).status == 0)
    }

    @Test("readclock, setclock forward only, clockrateadjust")
    func clock() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let first = try server.tool("tpm2_readclock", [])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("reset_count"), "\(first.output)")
        #expect(try server.tool("tpm2_setclock", ["100000000"]).status == 0)
        let later = try server.tool("tpm2_readclock", []).output
        let clockLine = later.components(separatedBy: "\n").first { $0.contains("clock:") } ?? ""
        let clockValue = UInt64(clockLine.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        #expect(clockValue >= 100_000_000, "\(later)")
        #expect(try server.tool("tpm2_setclock", ["5"]).rc == 0x1C4, "Clock never goes back")
        #expect(try server.tool("tpm2_clockrateadjust", ["ss"]).status == 0)
        #expect(try server.tool("tpm2_clockrateadjust", ["fff"]).status == 0)
    }

    @Test("pcrallocate takes effect at the next reset")
    func pcrAllocate() throws {
        var server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let allocated = try server.tool("tpm2_pcrallocate", ["sha1:none+sha256:all+sha384:all"])
        #expect(allocated.status == 0, "\(allocated.error)")
        #expect(try server.tool("tpm2_getcap", ["pcrs"]).output.contains("sha1: [ 0, 1"), "unchanged until reset")
        server.stop()
        server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: server.stateDirectory)
        let pcrs = try server.tool("tpm2_getcap", ["pcrs"]).output
        #expect(!pcrs.contains("sha1: [ 0"), "\(pcrs)")
        #expect(pcrs.contains("sha256: [ 0, 1"))
    }

    @Test("the same NV and hierarchy flows through tpm2-abrmd on a private D-Bus")
    func throughResourceManager() throws {
        try #require(
            Peers.isInstalled("tpm2-abrmd") && Peers.isInstalled("dbus-run-session"),
            "tpm2-abrmd and dbus are installed by Tools/install-deps")
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        // abrmd on a session bus of its own; the tools find it through the same bus.
        let script = """
            tpm2-abrmd --session --tcti="\(server.tcti)" --allow-root --flush-all >\(path("abrmd.log")) 2>&1 &
            ABRMD=$!
            stop() { kill $ABRMD; for i in $(seq 25); do kill -0 $ABRMD 2>/dev/null || return 0; sleep 0.2; done; kill -9 $ABRMD; }
            trap stop EXIT
            set -e
            for i in $(seq 50); do tpm2_getrandom -T tabrmd:bus_type=session 4 >/dev/null 2>&1 && break; sleep 0.2; done
            export TPM2TOOLS_TCTI=tabrmd:bus_type=session
            tpm2_createprimary -C o -G ecc256 -c \(path("rm-primary.ctx")) >/dev/null
            tpm2_create -C \(path("rm-primary.ctx")) -G ecc256 -u \(path("rm.pub")) -r \(path("rm.priv")) >/dev/null
            tpm2_create -C \(path("rm-primary.ctx")) -G ecc256 -u \(path("rm2.pub")) -r \(path("rm2.priv")) >/dev/null
            tpm2_create -C \(path("rm-primary.ctx")) -G ecc256 -u \(path("rm3.pub")) -r \(path("rm3.priv")) >/dev/null
            tpm2_load -C \(path("rm-primary.ctx")) -u \(path("rm.pub")) -r \(path("rm.priv")) -c \(path("rm.ctx")) >/dev/null
            tpm2_nvdefine 0x1500060 -C o -s 8 -a "ownerread|ownerwrite|nt=counter" >/dev/null
            tpm2_nvincrement -C o 0x1500060
            tpm2_nvread -C o 0x1500060 | od -An -tx1 | tr -d ' \\n'
            """
        let result = try Peers.run("dbus-run-session", ["--", "bash", "-c", script], timeout: 120)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasSuffix("0000000000000001"), "\(result.output)")
    }
}
