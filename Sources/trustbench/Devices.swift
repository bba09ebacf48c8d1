import ArgumentParser
import Foundation
import Transports

/// `trustbench devices`: what the bench can reach from here: the PC/SC readers pcscd serves
/// (with their card's ATR) and the TPM device nodes.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the PC/SC readers (with their card's ATR) and TPM devices the bench can reach.",
        discussion: """
            A reader's index or name (or a unique prefix) is what --target pcsc:READER takes; a TPM
            device is reached as --target tcti:device:PATH.
            """)

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    func run() throws {
        var readers: [PCSCContext.Reader] = []
        var pcscProblem: String?
        do { readers = try PCSCContext().readers() } catch { pcscProblem = error.description }
        let tpms = Self.tpmDevices()
        if json {
            var pcsc: [String: Any] = [
                "readers": readers.enumerated().map { index, reader -> [String: Any] in
                    var entry: [String: Any] = ["index": index, "name": reader.name]
                    if let atr = reader.atr { entry["atr"] = Self.hex(atr) }
                    return entry
                }
            ]
            if let pcscProblem { pcsc["problem"] = pcscProblem }
            let document: [String: Any] = ["pcsc": pcsc, "tpm": tpms]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("PC/SC readers:")
        if let pcscProblem {
            print("  none reachable: \(pcscProblem)")
        } else if readers.isEmpty {
            print("  none (pcscd serves no reader)")
        }
        for (index, reader) in readers.enumerated() {
            print("  \(index): \(reader.name) — \(reader.atr.map { "card, ATR \(Self.hex($0))" } ?? "no card")")
        }
        print("TPM devices:")
        if tpms.isEmpty { print("  none (no /dev/tpmrm* or /dev/tpm*)") }
        for path in tpms { print("  \(path) (--target tcti:device:\(path))") }
    }

    /// /dev/tpmrm* (the kernel's resource manager, which the bench should use) then /dev/tpm*.
    static func tpmDevices() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        let managed = names.filter { $0.hasPrefix("tpmrm") }.sorted()
        let raw = names.filter { $0.hasPrefix("tpm") && !$0.hasPrefix("tpmrm") }.sorted()
        return (managed + raw).map { "/dev/\($0)" }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined(separator: " ") }
}
