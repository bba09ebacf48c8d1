import Foundation
import Testing

/// A real crash soak: a client increments an NV counter through `trustbench serve tpm` while
/// the server is killed with SIGKILL at random moments. After every restart the counter is
/// the last value the client saw acknowledged, or one more (an increment that was durable
/// when the server died but whose answer never arrived); never less.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_nvincrement"), "tpm2-tools is not installed (Tools/install-deps)")
)
struct CrashSoakTests {
    static let rounds = 25
    static let index = "0x1500030"

    private func counter(_ server: TPMServerProcess, _ file: URL) throws -> UInt64 {
        try server.succeed("tpm2_nvread", [Self.index, "-C", "o", "-s", "8", "-o", file.path])
        return try Data(contentsOf: file).reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test("kill -9 at random moments while a client increments an NV counter: never behind what was acknowledged")
    func killNineSoak() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-soak-\(UUID().uuidString)")
        let valueFile = state.appendingPathExtension("value")
        var server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: state, arguments: ["--no-ek-certificates"])
        try server.succeed(
            "tpm2_nvdefine", [Self.index, "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite|nt=counter"])
        try server.succeed("tpm2_nvincrement", [Self.index, "-C", "o"])
        var acknowledged = try counter(server, valueFile)
        let deadline = Date().addingTimeInterval(120)
        for round in 1...Self.rounds where Date() < deadline {
            let thisRound = AcknowledgedCount()
            let client = DispatchGroup()
            let target = server
            DispatchQueue.global().async(group: client) {
                while let result = try? target.tool("tpm2_nvincrement", [Self.index, "-C", "o"]), result.status == 0 {
                    thisRound.add()
                }
            }
            usleep(UInt32.random(in: 30_000...250_000))
            server.crash()
            #expect(client.wait(timeout: .now() + 30) == .success, "the client stops once the server is gone")
            acknowledged += thisRound.value

            server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: state, arguments: ["--no-ek-certificates"])
            let recovered = try counter(server, valueFile)
            #expect(
                recovered == acknowledged || recovered == acknowledged + 1,
                "round \(round): \(acknowledged) acknowledged, \(recovered) after the restart")
            acknowledged = recovered
        }
        server.stop()
        #expect(acknowledged > UInt64(Self.rounds), "the client made progress between the kills")
    }
}

/// Increments the client saw succeed, counted from its thread.
private final class AcknowledgedCount: @unchecked Sendable {
    // Safe: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count: UInt64 = 0
    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
