import ArgumentParser

/// `trustbench demo` (`make demo`): the default campaign — the attestation and key-storage
/// suites on the built-in emulator, in-process, with the console report.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the default campaign (attestation and key-storage) on the built-in TPM emulator.")

    @Option(help: "Hardware profile name or YAML file.")
    var profile: String?

    func run() throws {
        let campaign = try Run.parse([
            "--target", profile.map { "sim:" + $0 } ?? "sim", "--suite", "attestation,key-storage",
        ])
        try campaign.run()
    }
}
