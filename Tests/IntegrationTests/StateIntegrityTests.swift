import Foundation
import Testing

/// The state folder as `trustbench serve tpm` keeps it: damage stops the server with a
/// sentence naming the file and leaves the file as it was; `--key` encrypts it at rest.
@Suite(
    .serialized, .enabled(if: Peers.isInstalled("tpm2_nvdefine"), "tpm2-tools is not installed (Tools/install-deps)"))
struct StateIntegrityTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-integrity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    /// `serve tpm` on `state` when it is expected not to start: its exit status and message.
    private func failedStart(_ state: URL, _ extra: [String] = []) throws -> Peers.Result {
        try Peers.run(
            Peers.trustbench,
            [
                "serve", "tpm", "--tpmstate", "dir=\(state.path)", "--server", "type=tcp,port=0",
                "--ctrl", "type=tcp,port=0",
            ] + extra, timeout: 10)
    }

    /// A server on `state` that writes an NV index holding `value`, then stops.
    private func writeIndex(_ state: URL, _ value: String, _ extra: [String] = []) throws {
        let server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: state, arguments: extra)
        defer { server.stop() }
        try value.write(to: work.appendingPathComponent("value"), atomically: true, encoding: .utf8)
        try server.succeed(
            "tpm2_nvdefine", ["0x1500020", "-C", "o", "-s", "\(value.utf8.count)", "-a", "ownerread|ownerwrite"])
        try server.succeed("tpm2_nvwrite", ["0x1500020", "-C", "o", "-i", work.appendingPathComponent("value").path])
    }

    private func readIndex(_ server: TPMServerProcess, size: Int) throws -> String {
        try server.succeed("tpm2_nvread", ["0x1500020", "-C", "o", "-s", "\(size)"]).output
    }

    @Test("A flipped bit or a cut-off state file stops serve tpm with a sentence naming it; the file is left untouched")
    func damagedStateRefused() throws {
        let state = work.appendingPathComponent("state")
        try writeIndex(state, "kept")
        let file = state.appendingPathComponent("tpm-permanent")
        let original = try Data(contentsOf: file)
        for damaged in [
            Data(original.prefix(original.count - 7)),
            {
                var d = original
                d[40] ^= 0x10
                return d
            }(),
        ] {
            try damaged.write(to: file)
            let result = try failedStart(state)
            #expect(result.status != 0)
            #expect(
                result.error.contains(file.path) && result.error.contains("restore the folder from a backup"),
                "\(result.error)")
            #expect(try Data(contentsOf: file) == damaged, "never overwritten")
        }
        try original.write(to: file)
        let server = try TPMServerProcess(.trustbenchSwtpm, stateDirectory: state)
        defer { server.stop() }
        #expect(try readIndex(server, size: 4) == "kept")
    }

    @Test("A folder with records but no tpm-permanent is refused, not manufactured anew")
    func missingRecordRefused() throws {
        let state = work.appendingPathComponent("state")
        try writeIndex(state, "x")
        try FileManager.default.removeItem(at: state.appendingPathComponent("tpm-permanent"))
        let result = try failedStart(state)
        #expect(result.status != 0)
        #expect(result.error.contains("but no tpm-permanent record"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("tpm-permanent").path))
    }

    @Test(
        "--key file=K encrypts the state (AES-256-GCM): it serves with the key, and without or with another key says why not"
    )
    func encryptedState() throws {
        let state = work.appendingPathComponent("state")
        let key = work.appendingPathComponent("key.hex")
        try String(repeating: "3c", count: 32).write(to: key, atomically: true, encoding: .utf8)
        try writeIndex(state, "secret-value", ["--key", "file=\(key.path)"])
        for record in ["tpm-permanent", "ek-ca"] {
            let bytes = try Data(contentsOf: state.appendingPathComponent(record))
            #expect(
                bytes.range(of: Data("secret-value".utf8)) == nil && bytes.range(of: Data("TBPS".utf8)) == nil
                    && bytes.range(of: Data("BEGIN".utf8)) == nil, "\(record) holds plaintext")
        }
        let without = try failedStart(state)
        #expect(without.status != 0 && without.error.contains("is encrypted; start with the --key"), "\(without.error)")
        let other = work.appendingPathComponent("other.hex")
        try String(repeating: "3d", count: 32).write(to: other, atomically: true, encoding: .utf8)
        let wrong = try failedStart(state, ["--key", "file=\(other.path)"])
        #expect(wrong.status != 0 && wrong.error.contains("does not decrypt with the given --key"), "\(wrong.error)")
        let badMode = try failedStart(state, ["--key", "file=\(key.path),mode=aes-256-cbc"])
        #expect(badMode.status != 0 && badMode.error.contains("mode=aes-256-gcm"), "\(badMode.error)")

        let server = try TPMServerProcess(
            .trustbenchSwtpm, stateDirectory: state, arguments: ["--key", "file=\(key.path)"])
        defer { server.stop() }
        #expect(try readIndex(server, size: 12) == "secret-value")
    }
}
