import Foundation
import Testing

/// `trustbench serve card` inserted into vsmartcard's vpcd reader of a private pcscd, read
/// by OpenSC's opensc-tool as any PC/SC application would.
@Suite(
    .serialized,
    .enabled(
        if: PrivatePCSCD.missingPeers == nil, "pcscd, vsmartcard-vpcd or opensc is not installed (Tools/install-deps)"),
    .enabled(
        if: PrivatePCSCD.canUnshareMounts,
        "pcscd keeps its socket at /run/pcscd (fixed at build time); running one privately needs a mount namespace (`unshare --mount`), which needs root or CAP_SYS_ADMIN"
    ))
struct VpcdCardTests {
    static let atr = "3b:85:80:01:80:73:f0:01:d3:d5"

    @Test func openscSeesTheCardThroughPcscd() throws {
        let pcscd = try PrivatePCSCD()
        defer { pcscd.stop() }
        let state = pcscd.folder.path("card-state")
        let card = try CardServerProcess(
            arguments: [
                "--profile", "iso7816-default", "--state", state,
                "--vpcd", "127.0.0.1:\(pcscd.port)",
            ], folder: pcscd.folder)
        defer { card.stop() }
        #expect(
            card.waitForLog("card connected to the reader at 127.0.0.1:\(pcscd.port)"), "serve card log: \(card.log)")

        // pcscd notices a card at its next presence poll.
        var atr = try pcscd.tool("opensc-tool", ["-a"])
        let deadline = Date().addingTimeInterval(10)
        while atr.status != 0 && Date() < deadline {
            usleep(200_000)
            atr = try pcscd.tool("opensc-tool", ["-a"])
        }
        #expect(atr.status == 0, "opensc-tool -a: \(atr.error)")
        #expect(atr.output.trimmingCharacters(in: .whitespacesAndNewlines) == Self.atr)
        #expect(atr.error.contains("Virtual PCD 00 00"))

        // No OpenSC card driver claims a bare ISO 7816-4 card (the PIV and OpenPGP profiles are claimed).
        let name = try pcscd.tool("opensc-tool", ["-n"])
        #expect(name.status == 0)
        #expect(name.output.trimmingCharacters(in: .whitespacesAndNewlines) == "Unsupported card")

        let select = try pcscd.tool("opensc-tool", ["-s", "00A40000023F00"])
        #expect(select.status == 0, "opensc-tool -s: \(select.error)")
        #expect(select.output.contains("SW1=0x90, SW2=0x00") || select.output.contains("SW1=0x61"), "\(select.output)")

        #expect(card.stop(), "serve card did not stop on SIGTERM")
        #expect(card.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: state))
    }

    @Test func reconnectsWhenPcscdRestarts() throws {
        var pcscd = try PrivatePCSCD()
        let port = pcscd.port
        let card = try CardServerProcess(arguments: ["--vpcd", "127.0.0.1:\(port)"], folder: pcscd.folder)
        defer { card.stop() }
        #expect(card.waitForLog("card connected"))
        pcscd.stop()
        #expect(card.waitForLog("disconnected from 127.0.0.1:\(port)"), "serve card log: \(card.log)")
        // serve card keeps knocking on the old port, so the restarted daemon reuses it.
        pcscd = try PrivatePCSCD(port: port)
        defer { pcscd.stop() }
        let deadline = Date().addingTimeInterval(10)
        while card.log.components(separatedBy: "card connected").count < 3 && Date() < deadline { usleep(100_000) }
        #expect(card.log.components(separatedBy: "card connected").count == 3, "serve card log: \(card.log)")
    }
}

/// `serve card`'s refusals, which need no pcscd.
@Suite struct ServeCardOptionsTests {
    @Test func aBadVpcdValueIsASentence() throws {
        let result = try Peers.run(Peers.trustbench, ["serve", "card", "--vpcd", "localhost"], timeout: 20)
        #expect(result.status != 0)
        #expect(result.error.contains("--vpcd localhost has no port"))
        #expect(result.error.contains("--vpcd 127.0.0.1:35963"))
    }

    @Test func aTPMProfileIsRefused() throws {
        let result = try Peers.run(Peers.trustbench, ["serve", "card", "--profile", "generic-tpm2"], timeout: 20)
        #expect(result.status != 0)
        #expect(result.error.contains("profile generic-tpm2 is a tpm profile, not a card profile"))
    }
}
