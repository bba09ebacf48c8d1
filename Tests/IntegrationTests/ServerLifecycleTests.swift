import Foundation
import Testing

/// `trustbench serve tpm` as a process: it must stop on SIGTERM even when started by a
/// parent that blocks signals (this test runner does), as supervisors and scripts expect.
@Suite(.serialized)
struct ServerLifecycleTests {
    @Test("serve tpm exits on SIGTERM, over swtpm and mssim")
    func stopsOnSIGTERM() throws {
        for kind in [TPMServerProcess.Kind.trustbenchSwtpm, .trustbenchMssim] {
            let server = try TPMServerProcess(kind)
            #expect(server.stop(), "the \(kind) server ignored SIGTERM and needed SIGKILL")
        }
    }
}
