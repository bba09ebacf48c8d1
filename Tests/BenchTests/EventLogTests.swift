import Foundation
import TPM2
import TPMTypes
import Testing
import TrustCrypto

@testable import Bench

/// The crypto-agile event log and the boot chains of Firmware/.
@Suite("Event log and boot chains")
struct EventLogTests {
    @Test("a log written and parsed back is the same log; replay extends each bank from zeros")
    func roundTripAndReplay() throws {
        let a = try Hash.digest(.sha256, Array("a".utf8))
        let b = try Hash.digest(.sha256, Array("b".utf8))
        let log = EventLog(
            banks: [.sha1, .sha256],
            events: [
                .init(pcr: 0, type: 0x8, digests: [(.sha1, try Hash.digest(.sha1, [1])), (.sha256, a)], data: [1, 0]),
                .init(
                    pcr: 0, type: 0x4, digests: [(.sha1, try Hash.digest(.sha1, [2])), (.sha256, b)],
                    data: [0, 0, 0, 0]),
            ])
        let parsed = try #require(EventLog(bytes: log.bytes))
        #expect(parsed == log)
        let zeros = [UInt8](repeating: 0, count: 32)
        #expect(try log.replay()[.sha256]?[0] == Hash.digest(.sha256, Hash.digest(.sha256, zeros + a) + b))
        #expect(EventLog(bytes: Array(log.bytes.dropLast(3))) == nil, "a cut-off log does not parse")
        #expect(EventLog(bytes: Array("not a log".utf8)) == nil)
    }

    @Test("EFI GUIDs are laid out with their first three fields little-endian")
    func guidLayout() {
        #expect(
            BootChain.guidBytes("8be4df61-93ca-11d2-aa0d-00e098032b8c")
                == [0x61, 0xDF, 0xE4, 0x8B, 0xCA, 0x93, 0xD2, 0x11, 0xAA, 0x0D, 0x00, 0xE0, 0x98, 0x03, 0x2B, 0x8C])
        #expect(BootChain.guidBytes("not-a-guid") == nil)
    }

    @Test(
        "both shipped chains load and boot the in-process TPM, and the log replays to its PCRs",
        arguments: ["uefi-basic", "uefi-secureboot"])
    func shippedChains(name: String) throws {
        let chain = try BootChain.named(name)
        let target = try SimTarget(profile: "generic-tpm2")
        let log = try chain.boot(target: target)
        #expect(log.events.count >= chain.stages.count)
        let tpm = BenchTPM(target: target)
        for (bank, pcrs) in try log.replay() {
            let selection = TPMPCRSelectionList([TPMPCRSelection(hash: bank, pcrs: pcrs.keys.sorted().map(Int.init))])
            #expect(
                try tpm.pcrRead(selection) == pcrs.keys.sorted().map { pcrs[$0]! },
                "bank 0x\(String(bank.rawValue, radix: 16))")
        }
    }

    @Test("a manifest naming an unknown event type or a missing image is refused with a sentence")
    func badManifests() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trustbench-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func manifest(_ stage: String) throws {
            try "name: t\ndescription: t\nstages:\n  - \(stage)\n".write(
                to: folder.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)
        }
        try manifest("{name: s, pcr: 0, event: EV_MADE_UP}")
        #expect { try BootChain(folder: folder) } throws: {
            ($0 as? BenchError)?.description.contains("EV_MADE_UP, which the bench does not know") == true
        }
        try manifest("{name: s, pcr: 4, event: EV_EFI_BOOT_SERVICES_APPLICATION, image: missing.efi}")
        #expect { try BootChain(folder: folder) } throws: {
            ($0 as? BenchError)?.description.contains("names missing.efi") == true
        }
        #expect { try BootChain.named("no-such-chain") } throws: {
            ($0 as? BenchError)?.description.contains("uefi-basic") == true
        }
    }
}
