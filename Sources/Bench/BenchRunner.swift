import Foundation
import TPM2
import TPMClient
import TPMTypes

/// How one case ended.
public struct CaseResult: Sendable {
    public enum Status: Equatable, Sendable {
        case passed
        case failed(String)
        case skipped(String)
    }

    public let suite: String
    public let id: String
    public let title: String
    public let clause: String
    public let status: Status
    public let seconds: Double
}

extension CaseResult.Status {
    /// How `body` ended: passed; skipped for a CaseSkip; failed, with its sentence, for a
    /// CaseFailure, a TPM's refusal or any other error.
    init(running body: () throws -> Void) {
        do {
            try body()
            self = .passed
        } catch let skip as CaseSkip {
            self = .skipped(skip.description)
        } catch let failure as CaseFailure {
            self = .failed(failure.description)
        } catch let failure as TPMCommandFailure {
            self = .failed(failure.description)
        } catch {
            self = .failed("\(error)")
        }
    }
}

/// Runs suites against one target and collects what each case did.
public struct BenchRunner {
    public let target: BenchTarget
    /// Rights granted beyond those the target shows: `--allow-clear` for real TPMs.
    public let granted: Set<BenchCase.Need>
    /// The boot's event log for targets the bench cannot reset (`--eventlog`).
    public let eventLog: EventLog?

    /// A runner for `target`.
    /// - Parameters:
    ///   - target: the TPM the suites run against.
    ///   - granted: rights granted beyond those the target shows (`--allow-clear`).
    ///   - eventLog: the boot's event log for a target the bench cannot reset (`--eventlog`); nil for none.
    public init(target: BenchTarget, granted: Set<BenchCase.Need> = [], eventLog: EventLog? = nil) {
        self.target = target
        self.granted = granted
        self.eventLog = eventLog
    }

    /// Runs every case of `suites` in order; `progress` hears each result as it comes.
    /// - Parameters:
    ///   - suites: the suites to run, in order.
    ///   - progress: called after each case with its result, the number of cases finished so far
    ///     and the total number of cases.
    /// - Returns: every case's result, in the order run.
    public func run(_ suites: [BenchSuite], progress: (CaseResult, Int, Int) -> Void = { _, _, _ in }) throws
        -> [CaseResult]
    {
        let tpm = BenchTPM(target: target)
        do { try tpm.startup() } catch {
            throw BenchError("the TPM at \(target.name) refused Startup: \(error)")
        }
        let available = try rights(tpm)
        let total = suites.reduce(0) { $0 + $1.cases.count }
        var results: [CaseResult] = []
        for suite in suites {
            for benchCase in suite.cases {
                let result = run(benchCase, in: suite, tpm: tpm, available: available)
                results.append(result)
                progress(result, results.count, total)
            }
        }
        return results
    }

    private func run(_ benchCase: BenchCase, in suite: BenchSuite, tpm: BenchTPM, available: [BenchCase.Need: String?])
        -> CaseResult
    {
        let start = Date()
        func result(_ status: CaseResult.Status) -> CaseResult {
            CaseResult(
                suite: suite.name, id: benchCase.id, title: benchCase.title, clause: benchCase.clause,
                status: status, seconds: Date().timeIntervalSince(start))
        }
        for need in benchCase.needs.sorted(by: { $0.rawValue < $1.rawValue }) {
            if case let reason?? = available[need] { return result(.skipped(reason)) }
        }
        let context = CaseContext(tpm: tpm, target: target, eventLog: eventLog)
        defer { context.runCleanups() }
        return result(CaseResult.Status(running: { try benchCase.body(context) }))
    }

    /// For each need, nil when the target allows it, or why it does not.
    private func rights(_ tpm: BenchTPM) throws -> [BenchCase.Need: String?] {
        var rights: [BenchCase.Need: String?] = [:]
        // TPMA_STARTUP_CLEAR.phEnable (TPM_PT_STARTUP_CLEAR 0x201, bit 0): firmware turns the
        // platform hierarchy off before the OS runs on real machines.
        let phEnabled = ((try? tpm.property(TPMPT.startupClear)) ?? nil).map { $0 & 1 != 0 } ?? false
        rights[.platformAuthorization] =
            phEnabled || granted.contains(.platformAuthorization)
            ? nil
            : "the platform hierarchy is disabled on \(target.name) (firmware keeps platform authorization)"
        let simulated = target is SimTarget
        rights[.clear] =
            simulated || granted.contains(.clear)
            ? nil
            : "TPM2_Clear would wipe the owner's keys on \(target.name); pass --allow-clear on a TPM you may reset"
        rights[.restart] = target.restart != nil ? nil : "\(target.name) cannot be power-cycled by the bench"
        return rights
    }
}
