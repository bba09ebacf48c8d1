import ArgumentParser

@main
struct TrustBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trustbench",
        abstract: "Emulators and a test bench for secure chips (TPM 2.0, TCM 2.0, smartcards).",
        subcommands: [Serve.self, Demo.self, Profiles.self])
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an emulated chip over the protocols real clients speak.",
        subcommands: [ServeTPM.self])
}
