import ArgumentParser
import Foundation
import Profiles
import TPM2
import TPMTypes
import Transports

/// `trustbench perf`: the same raw command streams against one or two TPMs reached through
/// libtss2 TCTIs, reported as median microseconds per operation and their ratio. Run it
/// against swtpm in the same run to compare (Tools/perf-vs-swtpm does the set-up).
struct Perf: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure TPM command latency through libtss2 TCTIs and compare two TPMs.",
        discussion: """
            Examples:
              trustbench perf --target tcti:swtpm:host=127.0.0.1,port=2321 \\
                  --vs tcti:swtpm:host=127.0.0.1,port=2341
              trustbench perf --target tcti:device:/dev/tpmrm0 --iterations 50
              trustbench perf --target builtin      (the engine in-process, no transport)
            Each target must be started and reachable; perf sends Startup(CLEAR) first and
            accepts a TPM that is already started. The ratio is target ÷ vs: below 1 means
            the target is faster.
            """)

    @Option(help: "The TPM to measure: tcti:CONF, with CONF a libtss2 TCTI string, or builtin.")
    var target: String

    @Option(help: "A second TPM measured in the same run, for the ratio: tcti:CONF or builtin.")
    var vs: String?

    @Option(help: "Iterations of the fast operations; the slow ones run a fraction of this.")
    var iterations: Int = 200

    func validate() throws {
        for value in [target] + (vs.map { [$0] } ?? []) where !value.hasPrefix("tcti:") && value != "builtin" {
            throw ValidationError(
                "\(value): write a target as tcti:CONF (e.g. tcti:swtpm:host=127.0.0.1,port=2321 or tcti:device:/dev/tpmrm0) or builtin"
            )
        }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        let targets = try ([target] + (vs.map { [$0] } ?? [])).map { spec -> PerfTarget in
            let client: PerfTarget
            if spec == "builtin" {
                let engine = try TPMEngine(profile: try ProfileLoader.load(ProfileLoader.defaultTPMName))
                try engine.powerOn(deleteVolatile: true)
                client = BuiltinTarget(engine: engine)
            } else {
                client = try TCTIClient(String(spec.dropFirst("tcti:".count)))
            }
            try PerfRunner.start(client)
            return client
        }
        let operations = PerfWorkload.operations(iterations: iterations)
        print("median µs per operation; ratio = target ÷ vs (below 1: target faster)")
        print("  target: \(target)")
        if let vs { print("  vs:     \(vs)") }
        let header =
            pad("operation", 40) + pad("runs", 6, right: true) + pad("target", 12, right: true)
            + (vs == nil ? "" : pad("vs", 12, right: true) + pad("ratio", 8, right: true))
        print(header)
        for operation in operations {
            let results = PerfRunner.measure(operation, on: targets)
            var line = pad(operation.name, 40) + pad("\(operation.iterations)", 6, right: true)
            for result in results { line += pad(result.text, 12, right: true) }
            if results.count == 2, case .median(let a) = results[0], case .median(let b) = results[1], b > 0 {
                line += pad(String(format: "%.2f", a / b), 8, right: true)
            }
            print(line)
        }
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return right ? fill + text : text + fill
    }
}

enum PerfRunner {
    enum Result {
        case median(Double)
        case failed(String)

        var text: String {
            switch self {
            case .median(let value): return String(format: "%.1f", value)
            case .failed(let why): return why
            }
        }
    }

    /// Startup(CLEAR); a TPM already started answers TPM_RC_INITIALIZE, which is fine.
    static func start(_ client: PerfTarget) throws {
        let code = responseCode(try client.execute(PerfWorkload.startup()))
        guard code == 0 || code == 0x100 else {
            throw ValidationError("\(client.name) refused Startup(CLEAR) with 0x\(String(code, radix: 16))")
        }
    }

    /// Times `operation` on every target, alternating between them in batches of a tenth of
    /// the iterations, so a slow spell of this (noisy) machine falls on all of them alike.
    static func measure(_ operation: PerfOperation, on targets: [PerfTarget]) -> [Result] {
        var keys: [TPMHandle?] = []
        var failures: [String?] = Array(repeating: nil, count: targets.count)
        var samples: [[Double]] = Array(repeating: [], count: targets.count)
        for (index, target) in targets.enumerated() {
            do {
                keys.append(operation.needsSigningKey ? try createSigningKey(on: target) : nil)
                // Two untimed warm-up rounds.
                for i in -2..<0 { _ = try time(operation, iteration: i, key: keys[index], on: target) }
            } catch {
                failures[index] = failureText(error)
                keys.append(nil)
            }
        }
        defer {
            for (index, key) in keys.enumerated() {
                if let key { _ = try? targets[index].execute(PerfWorkload.flush(key)) }
            }
        }
        let batch = max(1, operation.iterations / 10)
        for first in stride(from: 0, to: operation.iterations, by: batch) {
            for (index, target) in targets.enumerated() where failures[index] == nil {
                do {
                    for i in first..<min(first + batch, operation.iterations) {
                        samples[index].append(try time(operation, iteration: i, key: keys[index], on: target))
                    }
                } catch {
                    failures[index] = failureText(error)
                }
            }
        }
        return targets.indices.map { index in
            if let failure = failures[index] { return .failed(failure) }
            let sorted = samples[index].sorted()
            return .median(sorted[sorted.count / 2])
        }
    }

    /// One iteration in microseconds, flush included; a TPM error ends the measurement.
    private static func time(_ operation: PerfOperation, iteration: Int, key: TPMHandle?, on target: PerfTarget) throws
        -> Double
    {
        let command = operation.command(iteration, key)
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try target.execute(command)
        let code = responseCode(response)
        if operation.flushesResponseHandle, code == 0 {
            _ = try target.execute(PerfWorkload.flush(responseHandle(response)))
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        guard code == 0 else { throw PerfFailure.responseCode(code) }
        return Double(elapsed) / 1000
    }

    private static func createSigningKey(on target: PerfTarget) throws -> TPMHandle {
        let created = try target.execute(PerfWorkload.createPrimary(PerfWorkload.eccTemplate(unique: [])))
        guard responseCode(created) == 0 else { throw PerfFailure.responseCode(responseCode(created)) }
        return responseHandle(created)
    }

    private static func failureText(_ error: Error) -> String {
        if case PerfFailure.responseCode(let code) = error { return "rc 0x" + String(code, radix: 16) }
        return "error"
    }

    enum PerfFailure: Error { case responseCode(UInt32) }

    static func responseCode(_ response: [UInt8]) -> UInt32 {
        guard response.count >= 10 else { return UInt32.max }
        return response[6..<10].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func responseHandle(_ response: [UInt8]) -> TPMHandle {
        guard response.count >= 14 else { return 0 }
        return response[10..<14].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Something perf can send raw commands to.
protocol PerfTarget {
    var name: String { get }
    func execute(_ command: [UInt8], timeoutMilliseconds: Int32) throws(TransportError) -> [UInt8]
}

extension PerfTarget {
    /// Sends `command`, resending while the TPM answers TPM_RC_RETRY (0x922), as a TSS does:
    /// a TPM may ask for it while busy (swtpm does after long key generations).
    func execute(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        var response = try execute(command, timeoutMilliseconds: 300_000)
        for _ in 0..<10 where PerfRunner.responseCode(response) == 0x922 {
            response = try execute(command, timeoutMilliseconds: 300_000)
        }
        return response
    }
}

extension TCTIClient: PerfTarget {
    var name: String { "tcti:" + configuration }
}

/// The engine called directly: the floor under any transport.
struct BuiltinTarget: PerfTarget {
    let engine: TPMEngine
    var name: String { "builtin" }
    func execute(_ command: [UInt8], timeoutMilliseconds: Int32) throws(TransportError) -> [UInt8] {
        engine.execute(command, locality: 0)
    }
}
