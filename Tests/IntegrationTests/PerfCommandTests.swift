import Foundation
import Testing

/// `trustbench perf` against a served TPM through libtss2's swtpm TCTI and against the
/// built-in engine: every operation measured on both, with a ratio.
@Suite(.serialized)
struct PerfCommandTests {
    @Test("perf measures every operation on a TCTI target and the built-in engine and prints ratios")
    func perfAgainstServer() throws {
        let server = try TPMServerProcess(.trustbenchSwtpm)
        defer { server.stop() }
        let result = try Peers.run(
            Peers.trustbench, ["perf", "--target", "tcti:" + server.tcti, "--vs", "builtin", "--iterations", "4"],
            timeout: 300)
        #expect(result.status == 0, "\(result.error)")
        let rows = result.output.components(separatedBy: "\n").filter {
            $0.hasPrefix("GetRandom") || $0.hasPrefix("PCR_Extend")
                || $0.hasPrefix("Hash") || $0.hasPrefix("CreatePrimary") || $0.hasPrefix("Sign")
        }
        #expect(rows.count == 7, "\(result.output)")
        for row in rows {
            // name … runs, target µs, vs µs, ratio: the last three are numbers.
            let numbers = row.split(separator: " ").suffix(3).compactMap { Double($0) }
            #expect(numbers.count == 3 && numbers.allSatisfy { $0 > 0 }, "\(row)")
        }
    }

    @Test("perf explains a target it cannot use")
    func badTarget() throws {
        let wrongForm = try Peers.run(Peers.trustbench, ["perf", "--target", "swtpm:host=127.0.0.1,port=1"])
        #expect(wrongForm.status != 0)
        #expect(wrongForm.error.contains("tcti:CONF"), "\(wrongForm.error)")
        let unreachable = try Peers.run(Peers.trustbench, ["perf", "--target", "tcti:nosuchtcti:x"])
        #expect(unreachable.status != 0)
        #expect(unreachable.error.contains("cannot open TCTI"), "\(unreachable.error)")
    }
}
