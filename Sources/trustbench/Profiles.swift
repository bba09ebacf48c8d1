import ArgumentParser
import Profiles

struct Profiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hardware profiles: what an emulator reports and accepts.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profiles found.")
        func run() {
            for (name, path) in ProfileLoader.list() { print("\(name)\t\(path)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a profile and print its summary.")
        @Argument(help: "Profile name or YAML file.") var profile: String
        func run() throws {
            let loaded: HardwareProfile
            do { loaded = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
            print("\(loaded.name): \(loaded.description) [\(loaded.kind.rawValue)]")
            if let tpm = loaded.tpm {
                print("  manufacturer \(tpm.manufacturer), vendor \(tpm.vendorStrings.joined(separator: "|"))")
                print("  algorithms: \(tpm.algorithms.joined(separator: " "))")
                print("  commands: \(tpm.commands.count), PCR banks: \(tpm.pcrBanks.joined(separator: " "))")
            }
            if let card = loaded.card {
                guard card.atrBytes != nil else {
                    throw ValidationError("profile \(loaded.name): card.atr is not whole hex bytes")
                }
                print("  ATR \(card.atr), historical bytes \(card.historicalBytes)")
                print(
                    "  data up to \(card.maxCommandDataLength) in, \(card.maxResponseDataLength) out; extended length \(card.extendedLength ? "yes" : "no"); \(card.logicalChannels) logical channels"
                )
            }
        }
    }
}
