import ArgumentParser

/// `trustbench demo` (`make demo`): the default campaign — the attestation and key-storage
/// suites on the built-in TPM emulator, then the card suites on the built-in card OS, both
/// in-process, with the console report.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the default campaign: attestation and key-storage on the built-in TPM emulator, then the card suites on the built-in card OS."
    )

    @Option(help: "TPM hardware profile name or YAML file.")
    var profile: String?

    @Option(help: "Card profile name or YAML file.")
    var cardProfile: String?

    func run() throws {
        let tpm = try Run.parse([
            "--target", profile.map { "sim:" + $0 } ?? "sim", "--suite", "attestation,key-storage",
        ])
        // The default card's PIN 01 is 123456 (HardwareProfiles/card/iso7816-default.yaml's layout).
        var cardArguments = ["--target", cardProfile.map { "card-sim:" + $0 } ?? "card-sim"]
        if cardProfile == nil { cardArguments += ["--card-pin", "01=123456"] }
        let card = try Run.parse(cardArguments)
        // Both campaigns run; the demo fails if either had a failed case.
        var failed: ExitCode?
        for campaign in [tpm, card] {
            do { try campaign.run() } catch let code as ExitCode { failed = code }
            print("")
        }
        if let failed { throw failed }
    }
}
