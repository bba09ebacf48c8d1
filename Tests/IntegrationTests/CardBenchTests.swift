import Foundation
import Testing

/// `trustbench run` on cards: the card OS in-process (`card-sim`) and the same card served
/// over vpcd through a private pcscd (`pcsc:`), which must give the same cases the same results;
/// `trustbench devices` listing the reader; and the sentences for targets that cannot be reached.
@Suite(.serialized)
struct CardBenchTests {
    struct Report: Decodable {
        struct Case: Decodable, Equatable {
            let id: String
            let status: String
            let reason: String?
        }
        let target: String
        let passed, failed, skipped: Int
        let cases: [Case]
    }

    private func report(_ path: String) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("Every iso7816 case passes on card-sim:iso7816-default, and the transcript holds each APDU")
    func cardSim() throws {
        let folder = try WorkFolder("trustbench-card-bench")
        let run = try Peers.run(
            Peers.trustbench,
            [
                "run", "--target", "card-sim:iso7816-default", "--json", folder.path("sim.json"), "--transcript",
                folder.path("apdus.txt"), "--card-pin", "01=123456", "--allow-destructive",
            ])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let sim = try report(folder.path("sim.json"))
        #expect(sim.failed == 0 && sim.skipped == 0 && sim.passed == sim.cases.count && sim.passed >= 14)
        let transcript = try String(contentsOfFile: folder.path("apdus.txt"), encoding: .utf8)
        #expect(transcript.contains("- # target card-sim:iso7816-default, ATR 3B8580018073F001D3D5"))
        #expect(transcript.contains("iso7816.channels > 0070000001"))
        #expect(transcript.contains("iso7816.unknown-cla < 6E00"))
        // The blocked-PIN case cut the power and found the PIN still blocked.
        #expect(transcript.contains("iso7816.pin-blocked # power cycle"))
        #expect(transcript.contains("iso7816.pin-blocked < 6983"))
    }

    @Test("A pcsc target with no pcscd, or no such reader, is one sentence saying what to check")
    func unreachable() throws {
        let folder = try WorkFolder("trustbench-card-bench")
        let noDaemon = try Peers.run(
            Peers.trustbench, ["run", "--target", "pcsc:"],
            environment: ["PCSCLITE_CSOCK_NAME": folder.path("no-pcscd.comm")])
        #expect(noDaemon.status != 0)
        #expect(noDaemon.error.contains("pcscd is not running"), "\(noDaemon.error)")
        #expect(noDaemon.error.split(separator: "\n").count == 1, "\(noDaemon.error)")
        let badSuite = try Peers.run(Peers.trustbench, ["run", "--target", "card-sim", "--suite", "attestation"])
        #expect(badSuite.status != 0)
        #expect(badSuite.error.contains("--suite for a card takes all or any of: iso7816"), "\(badSuite.error)")
    }

    @Test(
        "The same card through pcscd and vpcd gives every case the result it gets in-process; devices lists it",
        .enabled(
            if: PrivatePCSCD.missingPeers == nil,
            "pcscd, vsmartcard-vpcd or opensc is not installed (Tools/install-deps)"),
        .enabled(
            if: PrivatePCSCD.canUnshareMounts,
            "a private pcscd needs a mount namespace (`unshare --mount`): root or CAP_SYS_ADMIN"))
    func throughPCSC() throws {
        let card = try InsertedCard(profile: "iso7816-default")
        defer { card.stop() }
        let folder = card.folder
        let devices = try card.tool(Peers.trustbench, ["devices", "--json"])
        #expect(devices.status == 0, "\(devices.error)")
        #expect(devices.output.contains("\"name\" : \"Virtual PCD 00 00\""), "\(devices.output)")
        #expect(devices.output.contains("\"atr\" : \"3B 85 80 01 80 73 F0 01 D3 D5\""), "\(devices.output)")

        let viaReader = try card.tool(
            Peers.trustbench,
            ["run", "--target", "pcsc:Virtual PCD 00 00", "--json", folder.path("pcsc.json")])
        #expect(viaReader.status == 0, "\(viaReader.output)\(viaReader.error)")
        let inProcess = try Peers.run(
            Peers.trustbench, ["run", "--target", "card-sim:iso7816-default", "--json", folder.path("sim.json")])
        #expect(inProcess.status == 0, "\(inProcess.output)\(inProcess.error)")
        let pcsc = try report(folder.path("pcsc.json"))
        let sim = try report(folder.path("sim.json"))
        #expect(pcsc.target == "pcsc:Virtual PCD 00 00")
        #expect(pcsc.cases == sim.cases)

        // Reader names: a unique prefix or an index picks the reader; an unknown one lists them.
        for reader in ["pcsc:0", "pcsc:"] {
            let chosen = try card.tool(Peers.trustbench, ["run", "--target", reader, "--suite", "iso7816"])
            #expect(chosen.status == 0, "\(reader): \(chosen.output)\(chosen.error)")
        }
        let ambiguous = try card.tool(Peers.trustbench, ["run", "--target", "pcsc:Virtual PCD 00 0"])
        #expect(ambiguous.error.contains("names several readers"), "\(ambiguous.error)")
        // Last, as it blocks the card's PIN: the destructive case power-cycles through the reader
        // (SCardReconnect with SCARD_UNPOWER_CARD) and finds the PIN still blocked.
        let destructive = try card.tool(
            Peers.trustbench,
            [
                "run", "--target", "pcsc:0", "--card-pin", "01=123456", "--allow-destructive", "--json",
                folder.path("destructive.json"),
            ])
        #expect(destructive.status == 0, "\(destructive.output)\(destructive.error)")
        let spoilt = try report(folder.path("destructive.json"))
        #expect(spoilt.cases.first { $0.id == "iso7816.pin-blocked" }?.status == "passed", "\(spoilt.cases)")
        let unknown = try card.tool(Peers.trustbench, ["run", "--target", "pcsc:Nope"])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("no reader is named Nope (readers: 0: Virtual PCD 00 00"), "\(unknown.error)")
    }

    /// The PIV card's factory secrets (the PIV application's defaults), as --card-* options.
    static let pivSecrets = [
        "--card-pin", "80=123456", "--card-pin", "81=12345678", "--card-management-key",
        "010203040506070801020304050607080102030405060708",
    ]

    @Test(
        "The piv suite through pcscd and vpcd gives every case, destructive ones too, its in-process result",
        .enabled(
            if: PrivatePCSCD.missingPeers == nil && Peers.isInstalled("yubico-piv-tool"),
            "pcscd, vsmartcard-vpcd, opensc or yubico-piv-tool is not installed (Tools/install-deps)"),
        .enabled(
            if: PrivatePCSCD.canUnshareMounts,
            "a private pcscd needs a mount namespace (`unshare --mount`): root or CAP_SYS_ADMIN"))
    func pivThroughPCSC() throws {
        let card = try InsertedCard(profile: "piv-default")
        defer { card.stop() }
        let folder = card.folder
        let viaReader = try card.tool(
            Peers.trustbench,
            ["run", "--target", "pcsc:0", "--suite", "piv", "--allow-destructive", "--json", folder.path("pcsc.json")]
                + Self.pivSecrets)
        #expect(viaReader.status == 0, "\(viaReader.output)\(viaReader.error)")
        let inProcess = try Peers.run(
            Peers.trustbench,
            [
                "run", "--target", "card-sim:piv-default", "--suite", "piv", "--allow-destructive", "--json",
                folder.path("sim.json"),
            ] + Self.pivSecrets)
        #expect(inProcess.status == 0, "\(inProcess.output)\(inProcess.error)")
        let pcsc = try report(folder.path("pcsc.json"))
        #expect(pcsc.cases == (try report(folder.path("sim.json"))).cases)
        #expect(pcsc.failed == 0 && pcsc.skipped == 1, "\(pcsc.cases.filter { $0.status != "passed" })")

        // A certificate imported with yubico-piv-tool, as an issuer would: piv.certificates reads it.
        let publicKey = folder.path("9a.pub")
        let generated = try PIVCardTests.piv(card, ["-a", "generate", "-s", "9a", "-A", "ECCP256", "-o", publicKey])
        try #require(generated.status == 0, "yubico-piv-tool generate: \(generated.error)")
        let certificate = try PIVCardTests.certify(publicKey, subject: "bench-9a", card)
        let imported = try PIVCardTests.piv(card, ["-a", "import-certificate", "-s", "9a", "-i", certificate])
        try #require(imported.status == 0, "yubico-piv-tool import-certificate: \(imported.error)")
        let again = try card.tool(
            Peers.trustbench, ["run", "--target", "pcsc:0", "--suite", "piv", "--json", folder.path("again.json")])
        #expect(again.status == 0, "\(again.output)\(again.error)")
        let certificates = try report(folder.path("again.json")).cases.first { $0.id == "piv.certificates" }
        #expect(certificates?.status == "passed", "\(String(describing: certificates))")
    }

    /// What vicc 3.3 (Debian's python3-virtualsmartcard, run by Tools/vicc on Python 3) does
    /// differently from ISO/IEC 7816-4, case by case: the iso7816 suite must name each of these,
    /// and pass or skip (with the card's own reason) everything else.
    static let viccLimits: [String: (status: String, says: String)] = [
        // TLVutils.bertlv_pack joins ints with bytes on Python 3: building any FCP or FCI raises
        // TypeError, which Tools/vicc answers 6F00 (vicc itself would exit).
        "iso7816.select-fcp": ("failed", "P2 04 answered 6F00"),
        "iso7816.no-le-no-data": ("failed", "P2 00 answered 6F00"),
        // vicc takes any class byte, the reserved CLA 20 included.
        "iso7816.unknown-cla": ("failed", "answered 9000, expected 6E00"),
        // vicc's SELECT does not check P1 and selects 3F00.
        "iso7816.wrong-p1p2": ("failed", "answered 9000, expected 6A86 or 6B00"),
        // vicc reports Lc disagreeing with the data as wrong data.
        "iso7816.wrong-length": ("failed", "answered 6A80, expected 6700"),
        // vicc's default card has no EF.ATR/INFO; its ATR announces neither extended length nor
        // logical channels; its SELECT answers 6F00 (above), so nothing waits for GET RESPONSE.
        "iso7816.le-bounded": ("skipped", "no EF.ATR/INFO"),
        "iso7816.wrong-le": ("skipped", "no EF.ATR/INFO"),
        "iso7816.extended-length": ("skipped", "do not announce extended Lc and Le"),
        "iso7816.channels": ("skipped", "announce no logical channel"),
        "iso7816.get-response": ("skipped", "leaves no response waiting"),
        // The test gives vicc no PIN (its SAM's PIN is not a 7816-4 reference data object here).
        "iso7816.pin-status": ("skipped", "no global PIN was given"),
        "iso7816.pin-wrong": ("skipped", "no global PIN was given"),
        "iso7816.pin-blocked": ("skipped", "--allow-destructive"),
        // Nor has it an EF.DIR listing applications.
        "iso7816.ef-dir": ("skipped", "no EF.DIR"),
        "iso7816.select-by-name": ("skipped", "no EF.DIR"),
        "iso7816.select-by-path": ("skipped", "no EF.DIR"),
    ]

    @Test(
        "The iso7816 suite on vsmartcard's vicc, a card written apart from ours: each difference named",
        .enabled(
            if: PrivatePCSCD.missingPeers == nil,
            "pcscd, vsmartcard-vpcd or opensc is not installed (Tools/install-deps)"),
        .enabled(
            if: PrivatePCSCD.canUnshareMounts,
            "a private pcscd needs a mount namespace (`unshare --mount`): root or CAP_SYS_ADMIN"),
        .enabled(
            if: FileManager.default.fileExists(atPath: "/usr/lib/python3/site-packages/virtualsmartcard"),
            "python3-virtualsmartcard is not installed (Tools/install-deps)"))
    func vicc() throws {
        let pcscd = try PrivatePCSCD()
        defer { pcscd.stop() }
        let vicc = Process()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        vicc.executableURL = repository.appendingPathComponent("Tools/vicc")
        vicc.arguments = ["--type", "iso7816", "--port", "\(pcscd.port)"]
        vicc.standardOutput = pcscd.folder.logFile("vicc.log")
        vicc.standardError = vicc.standardOutput
        try vicc.run()
        defer { Peers.stop(vicc) }
        var present = try pcscd.tool("opensc-tool", ["-a"])
        let deadline = Date().addingTimeInterval(10)
        while present.status != 0 && Date() < deadline {
            usleep(200_000)
            present = try pcscd.tool("opensc-tool", ["-a"])
        }
        try #require(present.status == 0, "pcscd never saw vicc's card: \(present.error)")

        let run = try pcscd.tool(
            Peers.trustbench, ["run", "--target", "pcsc:", "--json", pcscd.folder.path("vicc.json")])
        #expect(run.status == 1, "failed cases make the exit status 1: \(run.output)\(run.error)")
        let results = try report(pcscd.folder.path("vicc.json"))
        let ours = try Peers.run(
            Peers.trustbench, ["run", "--target", "card-sim", "--json", pcscd.folder.path("sim.json")])
        #expect(ours.status == 0, "\(ours.output)\(ours.error)")
        #expect(results.cases.map(\.id) == (try report(pcscd.folder.path("sim.json"))).cases.map(\.id))
        for result in results.cases {
            if let limit = Self.viccLimits[result.id] {
                #expect(result.status == limit.status, "\(result.id): \(result.status) \(result.reason ?? "")")
                #expect(result.reason?.contains(limit.says) == true, "\(result.id): \(result.reason ?? "")")
            } else {
                #expect(result.status == "passed", "\(result.id): \(result.status) \(result.reason ?? "")")
            }
        }
    }
}
