import ArgumentParser
import DeviceStore
import Endorsement
import Foundation
import Logging
import Profiles
import TPM2
import TPMTypes
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

            A TPM is manufactured the first time its state folder is used (or at every start without
            --tpmstate). Manufacture includes what a TPM vendor's factory does: RSA 2048 and ECC P-256
            endorsement keys from the TCG default templates, each with a certificate in its TCG NV index
            (0x01C00002, 0x01C0000A) signed by an emulated manufacturer CA made for this TPM state.
              trustbench serve tpm --tpmstate dir=/tmp/tpm --export-ca /tmp/tpm-ca.pem ...
              tpm2_getekcertificate -o rsa-ek.der -o ecc-ek.der
              openssl verify -CAfile /tmp/tpm-ca.pem <(openssl x509 -inform der -in rsa-ek.der)
            """)

    @Option(help: "swtpm data channel: type=tcp,port=N[,bindaddr=A] or type=unixio,path=P.")
    var server: String?

    @Option(help: "swtpm control channel: type=tcp,port=N[,bindaddr=A] or type=unixio,path=P.")
    var ctrl: String?

    @Option(help: "swtpm flags: not-need-init, startup-clear (comma separated).")
    var flags: String?

    @Option(help: "State folder, swtpm spelling: dir=D. Without it the TPM lives in memory only.")
    var tpmstate: String?

    @Option(
        help:
            "Encrypt the state at rest with AES-256-GCM, swtpm spelling: file=PATH[,format=hex|binary][,remove=true|false]; the file holds a 256-bit key."
    )
    var key: String?

    @Option(help: "Hardware profile name (see `trustbench profiles list`) or YAML file.")
    var profile: String = ProfileLoader.defaultTPMName

    @Option(help: "Serve the mssim protocol instead: command port N, platform port N+1.")
    var mssim: UInt16?

    @Option(help: "With --mssim: the address to bind.")
    var bindaddr: String = "127.0.0.1"

    @Flag(help: "Accepted for swtpm compatibility (this server is always a TPM 2.0).")
    var tpm2 = false

    @Option(help: "Write the emulated manufacturer CA certificate (PEM) here, for verifiers of the EK certificates.")
    var exportCa: String?

    @Flag(help: "Manufacture a new TPM without EK certificates, leaving their NV indices free for your own.")
    var noEkCertificates = false

    @Option(
        help:
            "Logging, swtpm spelling: file=PATH|fd=N[,level=N][,prefix=TEXT][,truncate]; level 1 (default) reports problems, 2 connections, 3 each command, 4 its bytes; file=- logs nothing."
    )
    var log: String?

    func run() throws {
        try bootstrapLogging(log)
        // Options are checked before anything is manufactured in the state folder.
        // swtpm's defaults apply only when neither channel is named: QEMU passes --ctrl
        // alone and hands over the data socket with SET_DATAFD.
        let neither = server == nil && ctrl == nil
        let swtpmOptions =
            mssim != nil
            ? nil
            : try SwtpmServer.Options(
                server: neither ? "type=tcp,port=2321" : server, ctrl: neither ? "type=tcp,port=2322" : ctrl,
                flags: flags)
        let (device, store) = try makeDevice()
        try provisionEndorsement(device, store: store)
        if let port = mssim {
            let server = MssimServer(device: device, options: .init(host: bindaddr, commandPort: port))
            try server.start()
            TransportLogging.logger.notice(
                "mssim TPM on \(bindaddr):\(server.commandPort ?? port) (platform \(server.platformPort ?? port + 1))")
            server.waitUntilStopped()
        } else if let swtpmOptions {
            let server = SwtpmServer(device: device, options: swtpmOptions)
            try server.start()
            TransportLogging.logger.notice(
                "swtpm TPM data port \(server.dataPort.map(String.init) ?? "unix"), control port \(server.controlPort.map(String.init) ?? "unix")"
            )
            server.waitUntilStopped()
        }
    }

    /// Factory provisioning of a new TPM, then the CA certificate for verifiers if asked.
    private func provisionEndorsement(_ device: TPMEngine, store: DeviceStore) throws {
        do {
            if device.isNewlyManufactured && !noEkCertificates {
                try EndorsementProvisioning.provision(device, store: store)
            }
            guard let exportCa else { return }
            guard let ca = try ManufacturerCA.load(from: store) else {
                throw CommandFailure(
                    "this TPM state has no emulated manufacturer CA: it was manufactured with --no-ek-certificates or by a trustbench older than EK certificates; point --tpmstate at an empty folder to manufacture a TPM with them"
                )
            }
            do {
                try Data(try ca.certificatePEM().utf8).write(to: URL(fileURLWithPath: exportCa))
            } catch let error as ProvisioningError {
                throw error
            } catch {
                throw CommandFailure("cannot write the CA certificate to \(exportCa): \(error.localizedDescription)")
            }
        } catch let error as ProvisioningError {
            throw CommandFailure(error.description)
        }
    }

    private func makeDevice() throws -> (TPMEngine, DeviceStore) {
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw ValidationError(error.description) }
        do {
            guard let tpmstate else {
                if key != nil {
                    throw ValidationError("--key encrypts the state folder: give --tpmstate dir=FOLDER too")
                }
                let store = MemoryStore()
                return (try TPMEngine(profile: hardware, store: store), store)
            }
            guard tpmstate.hasPrefix("dir=") else {
                throw ValidationError(
                    "--tpmstate takes dir=FOLDER (swtpm's spelling), for example --tpmstate dir=/var/lib/trustbench/tpm0"
                )
            }
            let folder = String(tpmstate.dropFirst(4).split(separator: ",").first ?? "")
            let stateKey: [UInt8]?
            do { stateKey = try key.map(StateKey.load) } catch { throw ValidationError(error.description) }
            let store = try DirectoryStore(directory: URL(fileURLWithPath: folder), key: stateKey)
            return (try TPMEngine(profile: hardware, store: store), store)
        } catch let error as StoreError {
            throw CommandFailure(error.description)
        } catch let error as TPMEngineError {
            throw CommandFailure(error.description)
        }
    }
}
