import ArgumentParser
import DeviceStore
import Dispatch
import Foundation
import Glibc
import Profiles
import SmartCard
import Transports

/// `trustbench serve card`: the card OS inserted into vsmartcard's virtual reader, so pcscd and
/// every PC/SC client (OpenSC, yubico-piv-tool, gpg's scdaemon) see a card.
struct ServeCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Serve a smart card to pcscd through vsmartcard's vpcd reader driver.",
        discussion: """
            vpcd (Debian package vsmartcard-vpcd) is a reader driver loaded by pcscd; it listens on
            127.0.0.1:35963 for the first slot and 35964 for the second. This command connects to it
            as the card, and reconnects whenever pcscd restarts.
            Examples:
              trustbench serve card --profile iso7816-default --state /tmp/card
              opensc-tool -a
              opensc-tool -s 00A40000023F00
            """)

    @Option(help: "Card profile name (see `trustbench profiles list`) or YAML file.")
    var profile: String = ProfileLoader.defaultCardName

    @Option(help: "State folder. Without it the card lives in memory only.")
    var state: String?

    @Option(help: "Where vpcd listens: HOST:PORT ([IPv6]:PORT); slot N is the first slot's port + N.")
    var vpcd: String = "127.0.0.1:\(VpcdClient.Options.defaultPort)"

    @Flag(
        help:
            "Log every command and response APDU (hex), as --log level=trace. PINs and keys a client sends appear in clear: for test cards only."
    )
    var trace = false

    @Option(
        help:
            "Logging, swtpm spelling: file=PATH|fd=N[,level=N][,prefix=TEXT][,truncate]; level 1 (default) reports problems and connections to the reader, 4 every APDU; file=- logs nothing."
    )
    var log: String?

    func run() throws {
        try bootstrapLogging(log, trace: trace)
        let options: VpcdClient.Options
        do { options = try VpcdClient.Options(parsing: vpcd) } catch { throw ValidationError(error.description) }
        let client = VpcdClient(card: try makeCard(), options: options)
        // Stop between commands, so a state commit is never cut by the signal.
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { client.stop() }
            source.resume()
            return source
        }
        client.start()
        client.waitUntilStopped()
        for source in signals { source.cancel() }
    }

    private func makeCard() throws -> CardOS {
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
        guard hardware.kind == .card else {
            throw ValidationError(
                "profile \(hardware.name) is a \(hardware.kind.rawValue) profile, not a card profile; `serve card` needs one such as iso7816-default (see `trustbench profiles list`)"
            )
        }
        do {
            let store: DeviceStore
            if let state {
                store = try DirectoryStore(directory: URL(fileURLWithPath: state))
            } else {
                store = MemoryStore()
            }
            return try CardOS(profile: hardware, store: store)
        } catch let error as StoreError {
            throw CommandFailure(error.description)
        } catch let error as CardError {
            throw CommandFailure(error.description)
        }
    }
}
