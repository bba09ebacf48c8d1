import Foundation

/// A private pcscd with `trustbench serve card` inserted in its first vpcd slot: what every
/// real-stack card test starts from. `restartCard()` takes the card out and puts it back
/// (the same state folder), as a user pulling a token would.
final class InsertedCard {
    let pcscd: PrivatePCSCD
    let profile: String
    let statePath: String
    private(set) var server: CardServerProcess

    init(profile: String) throws {
        pcscd = try PrivatePCSCD()
        self.profile = profile
        statePath = pcscd.folder.path("card-state")
        server = try Self.serve(profile: profile, state: statePath, pcscd: pcscd)
        try waitForCard()
    }

    var folder: WorkFolder { pcscd.folder }

    /// Runs a PC/SC client against the card.
    func tool(_ name: String, _ args: [String]) throws -> Peers.Result { try pcscd.tool(name, args) }

    func restartCard() throws {
        server.stop()
        try waitForCard(present: false)
        server = try Self.serve(profile: profile, state: statePath, pcscd: pcscd)
        try waitForCard()
    }

    func stop() {
        server.stop()
        pcscd.stop()
    }

    deinit { stop() }

    private static func serve(profile: String, state: String, pcscd: PrivatePCSCD) throws -> CardServerProcess {
        let server = try CardServerProcess(
            arguments: [
                "--profile", profile, "--state", state, "--trace",
                "--vpcd", "127.0.0.1:\(pcscd.port)",
            ], folder: pcscd.folder)
        guard server.waitForLog("card connected to the reader at 127.0.0.1:\(pcscd.port)") else {
            throw TestFailure("serve card did not connect to vpcd; its log:\n\(server.log)")
        }
        return server
    }

    /// pcscd notices a card arriving or leaving at its next presence poll; a client that
    /// connects before it has seen a removal meets the old card's reset.
    private func waitForCard(present: Bool = true) throws {
        let deadline = Date().addingTimeInterval(10)
        while (try tool("opensc-tool", ["-a"]).status == 0) != present {
            guard Date() < deadline else {
                throw TestFailure(
                    "pcscd never saw the card \(present ? "arrive" : "leave"); serve card log:\n\(server.log)")
            }
            usleep(200_000)
        }
    }
}
