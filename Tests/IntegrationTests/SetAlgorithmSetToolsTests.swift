import Foundation
import TPM2
import TPMTypes
import Testing

/// TPM2_SetAlgorithmSet, which no tpm2-tools 5.4 tool sends: hand-built commands through
/// tpm2_send, the value read back with tpm2_getcap, and every code compared with real swtpm.
@Suite(.serialized, .enabled(if: Peers.isInstalled("tpm2_send"), "tpm2-tools is not installed (Tools/install-deps)"))
struct SetAlgorithmSetToolsTests {
    let work: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("trustbench-algset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    /// SetAlgorithmSet(`value`) on `handle`, with a password session unless `password` is nil.
    static func command(_ value: UInt32, handle: TPMHandle = TPMRH.platform, password: [UInt8]? = []) -> [UInt8] {
        var w = TPMWriter()
        w.write(value)
        return InProcessTPM.command(
            .setAlgorithmSet, handles: [handle], authorized: password == nil ? 0 : 1, password: password ?? [],
            parameters: w.bytes)
    }

    /// Sends raw bytes with tpm2_send; the response code from the response header.
    private func send(_ bytes: [UInt8], on server: TPMServerProcess, tag: String) throws -> UInt32? {
        try server.sendRaw(bytes, responseFile: work.appendingPathComponent("\(tag)-response").path)
    }

    private func reportedSet(on server: TPMServerProcess) throws -> String? {
        let result = try server.tool("tpm2_getcap", ["properties-variable"])
        return result.output.split(separator: "\n").first { $0.contains("TPM2_PT_ALGORITHM_SET") }
            .map { String($0.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) }
    }

    @Test(
        "success, the value in tpm2_getcap, and the handle, auth and size codes answer as swtpm answers",
        .enabled(if: Peers.isInstalled("swtpm")))
    func sameAsSwtpm() throws {
        try SwtpmParity.expectSameCodes(count: 7) { server, tag in
            var codes: [String: UInt32?] = [:]
            #expect(try reportedSet(on: server) == "0x0", "\(tag)")
            codes["platform with its (empty) password"] = try send(Self.command(5), on: server, tag: tag)
            #expect(try reportedSet(on: server) == "0x5", "\(tag)")
            codes["owner handle"] = try send(Self.command(6, handle: TPMRH.owner), on: server, tag: tag)
            codes["NV index handle"] = try send(Self.command(6, handle: 0x0150_0001), on: server, tag: tag)
            codes["no authorization session"] = try send(Self.command(6, password: nil), on: server, tag: tag)
            codes["wrong platform password"] = try send(
                Self.command(6, password: Array("wrong".utf8)), on: server, tag: tag)
            codes["algorithmSet cut short"] = try send(
                InProcessTPM.sized(Self.command(6).dropLast()), on: server, tag: tag)
            codes["a byte after algorithmSet"] = try send(
                InProcessTPM.sized(Self.command(6) + [0]), on: server, tag: tag)
            #expect(try reportedSet(on: server) == "0x5", "\(tag): failed commands change nothing")
            return codes
        }
    }
}
