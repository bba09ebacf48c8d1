import ArgumentParser
import DeviceStore
import Foundation
import Profiles
import TPM2
import Transports

/// `trustbench serve tpm`: swtpm's command line, so scripts and QEMU can swap binaries,
/// plus `--mssim` for the Microsoft simulator protocol and `--profile` for the chip.
struct ServeTPM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tpm",
        abstract: "Serve a TPM 2.0 over the swtpm socket protocol (default) or the mssim protocol.",
        discussion: """
        Examples:
          trustbench serve tpm --server type=tcp,port=2321 --ctrl type=tcp,port=2322 \\
              --flags not-need-init,startup-clear --tpmstate dir=/tmp/tpm
          TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=2321 tpm2_getrandom 8
          trustbench serve tpm --mssim 2321 --tpmstate dir=/tmp/tpm
          TPM2TOOLS_TCTI=mssim:host=127.0.0.1,port=2321 tpm2_getrandom 8
        """)

    @Option(help: "swtpm data channel: type=tcp,port=N[,bindaddr=A] or type=unixio,path=P.")
    var server: String?

    @Option(help: "swtpm control channel: type=tcp,port=N[,bindaddr=A] or type=unixio,path=P.")
    var ctrl: String?

    @Option(help: "swtpm flags: not-need-init, startup-clear (comma separated).")
    var flags: String?

    @Option(help: "State folder, swtpm spelling: dir=D. Without it the TPM lives in memory only.")
    var tpmstate: String?

    @Option(help: "Hardware profile name (see `trustbench profiles list`) or YAML file.")
    var profile: String = ProfileLoader.defaultTPMName

    @Option(help: "Serve the mssim protocol instead: command port N, platform port N+1.")
    var mssim: UInt16?

    @Option(help: "With --mssim: the address to bind.")
    var bindaddr: String = "127.0.0.1"

    @Flag(help: "Accepted for swtpm compatibility (this server is always a TPM 2.0).")
    var tpm2 = false

    func run() throws {
        let device = try makeDevice()
        if let port = mssim {
            let server = MssimServer(device: device, options: .init(host: bindaddr, commandPort: port))
            try server.start()
            FileHandle.standardError.write(Data("trustbench: mssim TPM on \(bindaddr):\(server.commandPort ?? port) (platform \(server.platformPort ?? port + 1))\n".utf8))
            server.waitUntilStopped()
        } else {
            // swtpm's defaults apply only when neither channel is named: QEMU passes --ctrl
            // alone and hands over the data socket with SET_DATAFD.
            let neither = server == nil && ctrl == nil
            let options = try SwtpmServer.Options(server: neither ? "type=tcp,port=2321" : server,
                                                  ctrl: neither ? "type=tcp,port=2322" : ctrl, flags: flags)
            let server = SwtpmServer(device: device, options: options)
            try server.start()
            FileHandle.standardError.write(Data("trustbench: swtpm TPM data port \(server.dataPort.map(String.init) ?? "unix"), control port \(server.controlPort.map(String.init) ?? "unix")\n".utf8))
            server.waitUntilStopped()
        }
    }

    private func makeDevice() throws -> TPMEngine {
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
        do {
            guard let tpmstate else { return try TPMEngine(profile: hardware) }
            guard tpmstate.hasPrefix("dir=") else {
                throw ValidationError("--tpmstate takes dir=FOLDER (swtpm's spelling), for example --tpmstate dir=/var/lib/trustbench/tpm0")
            }
            let folder = String(tpmstate.dropFirst(4).split(separator: ",").first ?? "")
            let store = try DirectoryStore(directory: URL(fileURLWithPath: folder))
            return try TPMEngine(profile: hardware, store: store)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        } catch let error as TPMEngineError {
            throw ValidationError(error.description)
        }
    }
}
