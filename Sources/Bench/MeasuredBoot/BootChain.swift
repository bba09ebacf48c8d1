import Foundation
import Profiles
import TPM2
import TPMTypes
import TrustCrypto
import Yams

/// A boot chain of Firmware/: stages as a manifest (manifest.yaml) and small image files, each
/// stage measured into a PCR with the event type and event data real firmware and boot
/// loaders use (PC Client Platform Firmware Profile §9–§10).
public struct BootChain {
    public struct Stage: Decodable {
        public var name: String
        /// One PCR, or several (a separator goes into PCRs 0–7).
        public var pcr: UInt32?
        public var pcrs: [UInt32]?
        public var event: String
        /// Text the event carries (a version string, an action, a command line).
        public var text: String?
        /// A file of the chain that is measured (its digest goes into the PCR).
        public var image: String?
        /// Text whose digest goes into the PCR when it is not the event data itself (GRUB logs
        /// "kernel_cmdline: X" and measures X).
        public var measure: String?
        /// Where the image sits in memory, for firmware blobs and loaded images.
        public var base: UInt64?
        /// For UEFI variable events.
        public var variable: Variable?

        public struct Variable: Decodable {
            public var guid: String
            public var name: String
            /// The variable's contents as hex, or a file of the chain.
            public var hex: String?
            public var file: String?
        }
    }

    struct Manifest: Decodable {
        var name: String
        var description: String
        var stages: [Stage]
    }

    public let name: String
    public let description: String
    public let stages: [Stage]
    let folder: URL

    /// Loads `folder`/manifest.yaml and checks every image it names is there.
    /// - Parameter folder: the chain's folder, holding manifest.yaml and the files its stages name.
    public init(folder: URL) throws {
        let manifestURL = folder.appendingPathComponent("manifest.yaml")
        guard let text = try? String(contentsOf: manifestURL, encoding: .utf8) else {
            throw BenchError(
                "no boot chain manifest at \(manifestURL.path); a chain is a folder of Firmware/ with manifest.yaml")
        }
        let manifest: Manifest
        do { manifest = try YAMLDecoder().decode(Manifest.self, from: text) } catch {
            throw BenchError("\(manifestURL.path) is not a boot chain manifest: \(error)")
        }
        for stage in manifest.stages {
            guard EventType.code(stage.event) != nil else {
                throw BenchError(
                    "\(manifestURL.path): stage \(stage.name) has event type \(stage.event), which the bench does not know; use one of \(EventType.names.keys.sorted().joined(separator: ", "))"
                )
            }
            for file in [stage.image, stage.variable?.file].compactMap({ $0 })
            where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
                throw BenchError(
                    "\(manifestURL.path): stage \(stage.name) names \(file), which is not in \(folder.path)")
            }
        }
        name = manifest.name
        description = manifest.description
        stages = manifest.stages
        self.folder = folder
    }

    private func file(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            throw BenchError("cannot read \(name) of boot chain \(self.name)")
        }
        return Array(data)
    }

    /// The event data of a stage and the bytes its digest is taken over.
    func measurement(_ stage: Stage) throws -> (data: [UInt8], measured: [UInt8]) {
        let image = try stage.image.map(file)
        let text = Array((stage.text ?? "").utf8)
        switch stage.event {
        case "EV_S_CRTM_VERSION":
            let data: [UInt8] = (stage.text ?? "").utf16.flatMap { le16($0) } + [0, 0]
            return (data, data)
        case "EV_SEPARATOR":
            return ([0, 0, 0, 0], [0, 0, 0, 0])
        case "EV_EFI_PLATFORM_FIRMWARE_BLOB":
            let blob = image ?? []
            return (le64(stage.base ?? 0) + le64(UInt64(blob.count)), blob)
        case "EV_EFI_BOOT_SERVICES_APPLICATION", "EV_EFI_BOOT_SERVICES_DRIVER":
            // UEFI_IMAGE_LOAD_EVENT with an end-of-device-path node as the device path.
            let blob = image ?? []
            let devicePath: [UInt8] = [0x7F, 0xFF, 0x04, 0x00]
            return (
                le64(stage.base ?? 0) + le64(UInt64(blob.count)) + le64(0) + le64(UInt64(devicePath.count))
                    + devicePath, blob
            )
        case "EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_AUTHORITY", "EV_EFI_VARIABLE_BOOT":
            guard let variable = stage.variable, let guid = Self.guidBytes(variable.guid) else {
                throw BenchError("stage \(stage.name) needs variable: {guid, name, hex or file}")
            }
            guard let value = try variable.file.map(file) ?? Hex.bytes(variable.hex ?? "") else {
                throw BenchError("stage \(stage.name): variable hex \(variable.hex ?? "") is not hex")
            }
            let name = Array(variable.name.utf16)
            let data: [UInt8] =
                guid + le64(UInt64(name.count)) + le64(UInt64(value.count)) + name.flatMap { le16($0) } + value
            return (data, data)
        case "EV_IPL":
            // A loaded file is measured by its contents, a command line by its text.
            let data = text + [0]
            return (data, image ?? stage.measure.map { Array($0.utf8) } ?? data)
        default:
            return (text, image ?? text)
        }
    }

    /// Measures every stage into `tpm` (all its active PCR banks) and returns the event log.
    func boot(_ tpm: BenchTPM) throws -> EventLog {
        let banks = try tpm.activeBanks().filter { $0.hashAlgorithm != nil }
        var log = EventLog(banks: banks)
        for stage in stages {
            let (data, measured) = try measurement(stage)
            let digests = try banks.compactMap { bank in
                try bank.hashAlgorithm.map { (bank, try Hash.digest($0, measured)) }
            }
            for pcr in stage.pcrs ?? [stage.pcr ?? 0] {
                try tpm.pcrExtend(pcr, digests: digests)
                log.events.append(
                    EventLog.Event(pcr: pcr, type: EventType.code(stage.event)!, digests: digests, data: data))
            }
        }
        return log
    }

    /// "8be4df61-93ca-11d2-aa0d-00e098032b8c" as an EFI_GUID in memory (first three fields little-endian).
    static func guidBytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: "-").map(String.init)
        guard parts.map(\.count) == [8, 4, 4, 4, 12], let all = Hex.bytes(parts.joined()), all.count == 16 else {
            return nil
        }
        return Array(all[0..<4].reversed()) + Array(all[4..<6].reversed()) + Array(all[6..<8].reversed())
            + Array(all[8...])
    }
}

/// The event types of the PC Client Platform Firmware Profile the chains use.
enum EventType {
    static let names: [String: UInt32] = [
        "EV_POST_CODE": 0x1, "EV_SEPARATOR": 0x4, "EV_S_CRTM_VERSION": 0x8, "EV_IPL": 0xD,
        "EV_EFI_VARIABLE_DRIVER_CONFIG": 0x8000_0001, "EV_EFI_VARIABLE_BOOT": 0x8000_0002,
        "EV_EFI_BOOT_SERVICES_APPLICATION": 0x8000_0003, "EV_EFI_BOOT_SERVICES_DRIVER": 0x8000_0004,
        "EV_EFI_ACTION": 0x8000_0007, "EV_EFI_PLATFORM_FIRMWARE_BLOB": 0x8000_0008,
        "EV_EFI_VARIABLE_AUTHORITY": 0x8000_00E0,
    ]
    static func code(_ name: String) -> UInt32? { names[name] }
}

extension BootChain {
    /// A chain by folder path, or by name under the package's Firmware/.
    /// - Parameter nameOrPath: a path to an existing chain folder, or a chain name under Firmware/.
    /// - Returns: the loaded chain.
    public static func named(_ nameOrPath: String) throws -> BootChain {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try BootChain(folder: URL(fileURLWithPath: nameOrPath))
        }
        guard let firmware = PackageFolders.find("Firmware") else {
            throw BenchError("no Firmware/ folder found; pass --chain PATH to a chain folder")
        }
        let folder = firmware.appendingPathComponent(nameOrPath)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: firmware.path))?.sorted() ?? []
            throw BenchError(
                "no boot chain \(nameOrPath); choose one of \(names.joined(separator: ", ")) or pass a folder path")
        }
        return try BootChain(folder: folder)
    }

    /// Measures the chain into a target's TPM, as its firmware would after a reset.
    /// - Parameter target: the TPM to send Startup(CLEAR) and the PCR extends to.
    /// - Returns: the event log of every measurement, with a digest for each active PCR bank.
    public func boot(target: BenchTarget) throws -> EventLog {
        let tpm = BenchTPM(target: target)
        try tpm.startup()
        return try boot(tpm)
    }
}
