import Foundation

/// `trustbench serve card --profile openpgp-default` in the vpcd reader of a private pcscd,
/// with what OpenSC and GnuPG need to reach it.
final class OpenPGPCardRig {
    let inserted: InsertedCard
    var pcscd: PrivatePCSCD { inserted.pcscd }
    var card: CardServerProcess { inserted.server }
    /// OpenSC's pcsc reader driver assumes 255/256-byte APDUs unless told otherwise, so a
    /// 270-byte RSA-2048 public key from GENERATE would be cut; our card does extended length.
    let openscConf: String

    init() throws {
        inserted = try InsertedCard(profile: "openpgp-default")
        openscConf = inserted.folder.path("opensc.conf")
        let conf = """
            app default {
                reader_driver pcsc {
                    max_send_size = 65535;
                    max_recv_size = 65536;
                }
                framework pkcs15 {
                }
            }

            """
        try Data(conf.utf8).write(to: URL(fileURLWithPath: openscConf))
    }

    var environment: [String: String] { ["PCSCLITE_CSOCK_NAME": pcscd.socketPath, "OPENSC_CONF": openscConf] }

    /// Runs an OpenSC tool (or any PC/SC client) against the card.
    func tool(_ name: String, _ args: [String], extra: [String: String] = [:], timeout: TimeInterval = 60) throws
        -> Peers.Result
    {
        try Peers.run(name, args, environment: environment.merging(extra) { $1 }, timeout: timeout)
    }

    func stop() { inserted.stop() }

    deinit { stop() }
}

/// A throwaway GNUPGHOME whose scdaemon reads the rig's card through the private pcscd:
/// no internal CCID driver, libpcsclite with PCSCLITE_CSOCK_NAME in gpg-agent's environment
/// (gpg starts gpg-agent, which starts scdaemon, each inheriting it), PINs by loopback.
final class GnuPGHome {
    let path: String
    let environment: [String: String]

    init(_ rig: OpenPGPCardRig) throws {
        path = rig.pcscd.folder.path("gnupg")
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let scdaemon = """
            disable-ccid
            pcsc-driver libpcsclite.so.1
            reader-port Virtual PCD 00 00
            card-timeout 1

            """
        try Data(scdaemon.utf8).write(to: URL(fileURLWithPath: path + "/scdaemon.conf"))
        try Data("allow-loopback-pinentry\n".utf8).write(to: URL(fileURLWithPath: path + "/gpg-agent.conf"))
        environment = rig.environment.merging(["GNUPGHOME": path]) { $1 }
    }

    func gpg(_ args: [String], timeout: TimeInterval = 60) throws -> Peers.Result {
        try Peers.run("gpg", ["--batch"] + args, environment: environment, timeout: timeout)
    }

    /// Runs gpg with `--command-fd 0 --status-fd 1` and answers each GET_LINE, GET_BOOL and
    /// GET_HIDDEN from `answers` (by keyword, in order; a keyword with no answers left gets an
    /// empty line). Returns the status and text gpg wrote.
    func dialog(_ args: [String], answers: [String: [String]], timeout: TimeInterval = 180) throws -> Peers.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gpg")
        process.arguments = ["--command-fd", "0", "--status-fd", "1", "--no-tty"] + args
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorDrain = PipeDrain(errors)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        var remaining = answers
        var transcript = ""
        var pending = ""
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            pending += String(decoding: chunk, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending.removeSubrange(...newline)
                transcript += line + "\n"
                let words = line.split(separator: " ").map(String.init)
                guard words.count >= 3, words[0] == "[GNUPG:]",
                    ["GET_LINE", "GET_BOOL", "GET_HIDDEN"].contains(words[1])
                else { continue }
                let answer = remaining[words[2]]?.isEmpty == false ? remaining[words[2]]?.removeFirst() ?? "" : ""
                input.fileHandleForWriting.write(Data((answer + "\n").utf8))
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        return Peers.Result(
            status: process.terminationStatus, output: transcript,
            error: String(decoding: errorDrain.wait(timeout: 5), as: UTF8.self))
    }

    /// Stops gpg-agent and scdaemon of this home.
    func stop() {
        _ = try? Peers.run("gpgconf", ["--kill", "all"], environment: environment, timeout: 20)
    }

    deinit { stop() }
}
