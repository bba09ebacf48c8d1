import DeviceStore
import Foundation
import Profiles
import SwiftASN1
import TPM2
import TPMTypes
import Testing

@testable import Bench

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The bench against the in-process emulator: every case passes; cases skip with a reason
/// where the target lacks what they need; a TPM that lies is caught; the reports are valid.
@Suite("Bench runner")
struct BenchRunnerTests {
    @Test("attestation and key-storage pass on sim")
    func simPasses() throws {
        let suites = try Suites.select("attestation,key-storage")
        let results = try BenchRunner(target: try SimTarget(profile: ProfileLoader.defaultTPMName)).run(suites)
        #expect(results.count == suites.reduce(0) { $0 + $1.cases.count })
        for result in results { #expect(result.status == .passed, "\(result.id): \(result.status)") }
    }

    @Test("the algorithms suite passes on sim, skipping only the SM algorithms the generic profile leaves out")
    func algorithmsOnSim() throws {
        let results = try BenchRunner(target: try SimTarget(profile: ProfileLoader.defaultTPMName)).run(
            Suites.select("algorithms"))
        let skipped = results.filter { if case .skipped = $0.status { return true } else { return false } }.map(\.id)
        #expect(skipped == ["alg.sm3_256", "alg.sm4-128-ecb", "alg.sm2-published"])
        #expect(results.allSatisfy { if case .failed = $0.status { return false } else { return true } })
    }

    @Test("on the TCM profile every suite passes with SM2, SM3 and SM4 where the default algorithms are missing")
    func tcmPasses() throws {
        let results = try BenchRunner(target: try SimTarget(profile: "generic-tcm2")).run(Suites.all)
        for result in results {
            if case .failed(let why) = result.status { Issue.record("\(result.id): \(why)") }
        }
        #expect(results.first { $0.id == "att.ek-certificate" }?.status == .passed, "the SM2 EK certificate is checked")
        #expect(results.first { $0.id == "alg.sm2-published" }?.status == .passed)
    }

    @Test("an SM2 EK certificate read with swift-asn1: its CA signature verifies, and not once a byte of it changes")
    func rawCertificate() throws {
        let target = try SimTarget(profile: "generic-tcm2")
        let tpm = BenchTPM(target: target)
        try tpm.startup()
        let der = try tpm.nvReadAll(0x01C0_001A)
        let ca = try RawCertificate(der: try PEMDocument(pemString: try #require(target.manufacturerCA)).derBytes)
        let certificate = try RawCertificate(der: der)
        #expect(certificate.isSigned(by: ca) && certificate.issuer == ca.subject)
        var tampered = certificate
        tampered.tbs[tampered.tbs.count - 40] ^= 0x01
        #expect(!tampered.isSigned(by: ca))
    }

    @Test("a TPM without EK certificates, Clear or restart gets skips that say why")
    func skipsWithReasons() throws {
        let results = try BenchRunner(target: PlainTarget()).run(Suites.all)
        func status(_ id: String) -> CaseResult.Status? { results.first { $0.id == id }?.status }
        guard case .skipped(let ekReason)? = status("att.ek-certificate") else {
            Issue.record("EK case not skipped")
            return
        }
        #expect(ekReason.contains("no EK certificate in the TCG NV indices"))
        guard case .skipped(let clearReason)? = status("ks.da-lockout") else {
            Issue.record("DA case not skipped")
            return
        }
        #expect(clearReason.contains("--allow-clear"))
        #expect(results.filter { if case .failed = $0.status { return true } else { return false } }.isEmpty)
        let granted = try BenchRunner(target: PlainTarget(), granted: [.clear]).run(Suites.select("key-storage"))
        #expect(granted.allSatisfy { $0.status == .passed }, "\(granted.map { "\($0.id): \($0.status)" })")
    }

    @Test("a TPM whose Quote and Certify signatures are bad fails both cases")
    func lyingTPMCaught() throws {
        let results = try BenchRunner(target: LyingTarget()).run(Suites.select("attestation"))
        guard case .failed(let why)? = results.first(where: { $0.id == "att.quote" })?.status else {
            Issue.record("a forged quote passed")
            return
        }
        #expect(why.contains("signature does not verify"), "\(why)")
        guard case .failed? = results.first(where: { $0.id == "att.certify" })?.status else {
            Issue.record("a forged certify passed")
            return
        }
    }

    @Test("JUnit XML parses, has a testsuite per suite and the skipped reasons; JSON carries the same counts")
    func reports() throws {
        let results = try BenchRunner(target: PlainTarget()).run(Suites.all)
        let xml = BenchReports.junit(results, target: "plain")
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = ElementCounter()
        parser.delegate = collector
        #expect(parser.parse(), "the JUnit report is not well-formed XML")
        #expect(collector.counts["testsuite"] == Suites.all.count && collector.counts["testcase"] == results.count)
        #expect(
            collector.counts["skipped"]
                == results.filter { if case .skipped = $0.status { return true } else { return false } }.count)
        let json = try JSONSerialization.jsonObject(with: BenchReports.json(results, target: "plain")) as? [String: Any]
        #expect(json?["failed"] as? Int == 0 && (json?["cases"] as? [Any])?.count == results.count)
    }
}

/// An emulator with no EK certificates that cannot be restarted: a TPM as a plain client sees it.
private final class PlainTarget: BenchTarget {
    let engine: TPMEngine
    let name = "plain"
    var restart: (() throws -> Void)? { nil }
    let manufacturerCA: String? = nil

    init() throws {
        engine = try TPMEngine(profile: try ProfileLoader.load(ProfileLoader.defaultTPMName))
        try engine.powerOn(deleteVolatile: true)
    }

    func transmit(_ command: [UInt8]) throws -> [UInt8] { engine.execute(command, locality: 0) }
}

/// A TPM that flips a bit in every signature it returns from Quote and Certify.
private final class LyingTarget: BenchTarget {
    let inner: SimTarget
    var name: String { "lying" }
    var restart: (() throws -> Void)? { nil }
    var manufacturerCA: String? { inner.manufacturerCA }

    init() throws { inner = try SimTarget(profile: ProfileLoader.defaultTPMName) }

    func transmit(_ command: [UInt8]) throws -> [UInt8] {
        var response = try inner.transmit(command)
        let code =
            command.count >= 10
            ? UInt32(command[6]) << 24 | UInt32(command[7]) << 16 | UInt32(command[8]) << 8 | UInt32(command[9]) : 0
        if [0x158, 0x148].contains(code), response.count > 20, response[9] == 0 {
            response[response.count - 14] ^= 0x01  // inside the signature, before the session area
        }
        return response
    }
}

private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        counts[name, default: 0] += 1
    }
}
