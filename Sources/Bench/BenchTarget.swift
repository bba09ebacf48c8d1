import DeviceStore
import Endorsement
import Foundation
import Profiles
import TPM2
import TPMClient
import TPMTypes
import Transports

/// What the bench talks to: bytes in, bytes out, as any client of that TPM would send them.
/// The bench never reaches inside an emulator, so a suite runs unchanged on silicon.
public protocol BenchTarget: AnyObject {
    /// How the target was named on the command line, for reports.
    var name: String { get }
    /// Sends one command, returns the whole response.
    func transmit(_ command: [UInt8]) throws -> [UInt8]
    /// Power-cycles the TPM (Shutdown, power off, power on); nil when the target cannot.
    var restart: (() throws -> Void)? { get }
    /// The manufacturer CA certificate (PEM) EK certificates chain to, when known.
    var manufacturerCA: String? { get }
}

/// `--target` values: `sim[:PROFILE]` (the emulator in-process) or `tcti:CONF` (any libtss2 TCTI).
public enum TargetSpec {
    /// Opens the target a `--target` value names.
    /// - Parameters:
    ///   - specification: `sim`, `sim:PROFILE` or `tcti:CONF`.
    ///   - manufacturerCA: the manufacturer CA certificate (PEM) for a `tcti:` target; a `sim`
    ///     target brings its own.
    /// - Returns: the in-process emulator or a TCTI client, ready for commands.
    public static func open(_ specification: String, manufacturerCA: String? = nil) throws -> BenchTarget {
        if specification == "sim" || specification.hasPrefix("sim:") {
            let profile = specification == "sim" ? ProfileLoader.defaultTPMName : String(specification.dropFirst(4))
            return try SimTarget(profile: profile)
        }
        if specification.hasPrefix("tcti:") {
            return try TCTITarget(configuration: String(specification.dropFirst(5)), manufacturerCA: manufacturerCA)
        }
        throw BenchError(
            "--target takes sim, sim:PROFILE or tcti:CONF (for example tcti:swtpm:host=127.0.0.1,port=2321 or tcti:device:/dev/tpmrm0), not \(specification)"
        )
    }
}

/// The emulator in-process: a newly manufactured TPM, provisioned with EK certificates as a
/// factory would, whose CA the verifier side is given as it would be by the vendor.
public final class SimTarget: BenchTarget {
    public let name: String
    private let engine: TPMEngine
    public let manufacturerCA: String?

    /// Manufactures an in-memory TPM, provisions its EK certificates and powers it on.
    /// - Parameter profile: the hardware profile's name or the path of its YAML file.
    public init(profile: String) throws {
        let hardware: HardwareProfile
        do { hardware = try ProfileLoader.load(profile) } catch { throw BenchError(error.description) }
        let store = MemoryStore()
        engine = try TPMEngine(profile: hardware, store: store)
        try EndorsementProvisioning.provision(engine, store: store)
        manufacturerCA = try ManufacturerCA.load(from: store)?.certificatePEM()
        try engine.powerOn(deleteVolatile: true)
        name = "sim:\(hardware.name)"
    }

    /// Sends one command to the emulator at locality 0.
    /// - Parameter command: the whole TPM command bytes.
    /// - Returns: the whole response bytes.
    public func transmit(_ command: [UInt8]) throws -> [UInt8] { engine.execute(command, locality: 0) }

    public var restart: (() throws -> Void)? {
        { [engine] in
            _ = try? TPMClient(device: engine).call(Shutdown.self, .init(.clear))
            engine.powerOff()
            try engine.powerOn(deleteVolatile: false)
        }
    }
}

/// Any TPM libtss2's TCTI loader reaches: swtpm, mssim, tpm2-abrmd, /dev/tpmrm0.
public final class TCTITarget: BenchTarget {
    public let name: String
    private let client: TCTIClient
    public let manufacturerCA: String?
    public var restart: (() throws -> Void)? { nil }

    /// Loads the TCTI that `configuration` names.
    /// - Parameters:
    ///   - configuration: the libtss2 TCTI string (what follows `tcti:`).
    ///   - manufacturerCA: the manufacturer CA certificate (PEM) EK certificates chain to; nil when unknown.
    public init(configuration: String, manufacturerCA: String?) throws {
        do { client = try TCTIClient(configuration) } catch {
            throw BenchError("cannot reach the TPM at tcti:\(configuration): \(error)")
        }
        name = "tcti:\(configuration)"
        self.manufacturerCA = manufacturerCA
    }

    /// Sends one command through the TCTI; a TPM that does not answer is a `BenchError`.
    /// - Parameter command: the whole TPM command bytes.
    /// - Returns: the whole response bytes.
    public func transmit(_ command: [UInt8]) throws -> [UInt8] {
        do { return try client.execute(command) } catch {
            throw BenchError("the TPM at \(name) stopped answering: \(error)")
        }
    }
}

/// A failure of the bench itself (not of a case), as a sentence for people.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    /// An error carrying its message.
    /// - Parameter description: the sentence saying what went wrong.
    public init(_ description: String) { self.description = description }
}
