import ArgumentParser

/// `trustbench demo` (`make demo`): the default campaign — the attestation and key-storage
/// suites on the built-in TPM emulator, then the card suites on the built-in ISO 7816 card and
/// PIV card, all in-process, with the console report.
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
        var campaigns = [tpm]
        if let cardProfile {
            campaigns.append(try Run.parse(["--target", "card-sim:" + cardProfile]))
        } else {
            // The built-in cards' factory secrets (HardwareProfiles/card/*-default.yaml and the PIV
            // application's defaults). card-sim keeps its state in memory, so the destructive
            // cases spoil nothing.
            campaigns.append(
                try Run.parse(["--target", "card-sim", "--card-pin", "01=123456", "--allow-destructive"]))
            campaigns.append(
                try Run.parse([
                    "--target", "card-sim:piv-default", "--card-pin", "80=123456", "--card-pin", "81=12345678",
                    "--card-management-key", "010203040506070801020304050607080102030405060708",
                    "--allow-destructive",
                ]))
        }
        // Every campaign runs; the demo fails if any had a failed case.
        var failed: ExitCode?
        for campaign in campaigns {
            do { try campaign.run() } catch let code as ExitCode { failed = code }
            print("")
        }
        if let failed { throw failed }
    }
}
