import ArgumentParser
import Glibc
import Transports

@main
struct TrustBench: ParsableCommand {
    /// A server must stop on SIGTERM even when its parent (a test runner, a supervisor)
    /// started it with signals blocked: children inherit the mask, so clear it first.
    static func main() {
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        LogOptions.installProcessHandler()
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "trustbench",
        abstract: "Emulators and a test bench for secure chips (TPM 2.0, TCM 2.0, smartcards).",
        subcommands: [Run.self, Devices.self, Boot.self, Serve.self, Demo.self, Perf.self, Faults.self, Profiles.self])
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an emulated chip over the protocols real clients speak.",
        subcommands: [ServeTPM.self, ServeCard.self])
}

/// Points the process's loggers at `--log` (swtpm's spelling); `trace` raises the level to
/// every frame. A log reader that goes away must not kill a server: SIGPIPE is ignored, and a
/// write to a closed pipe is a lost line.
func bootstrapLogging(_ option: String?, trace: Bool = false) throws {
    signal(SIGPIPE, SIG_IGN)
    var options = LogOptions()
    do {
        if let option { options = try LogOptions(parsing: option) }
        if trace { options.level = .trace }
        try options.apply()
    } catch {
        throw ValidationError(error.description)
    }
}

/// A failure of the machine or of the state, not of the command line: ArgumentParser prints
/// "Error: " and the sentence and exits 1, without the usage text a ValidationError adds.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
