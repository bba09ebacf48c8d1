import Foundation

/// The report formats of `trustbench run`.
public enum BenchReports {
    /// One line per case as it finishes: "[n/N] id title ... ok (0.12 s)".
    /// - Parameters:
    ///   - result: the case that finished.
    ///   - index: n, the number of cases finished so far, this one included.
    ///   - total: N, the number of cases in the run.
    ///   - elapsed: the seconds since the run began, shown after n/N.
    /// - Returns: the line, without a newline.
    public static func progressLine(_ result: CaseResult, index: Int, total: Int, elapsed: Double) -> String {
        let status: String
        switch result.status {
        case .passed: status = "ok"
        case .failed(let why): status = "FAIL: \(why)"
        case .skipped(let why): status = "skipped: \(why)"
        }
        return String(
            format: "[%d/%d %5.1f s] %@ %@ ... %@ (%.2f s)", index, total, elapsed, result.id, result.title, status,
            result.seconds)
    }

    /// A table per suite: passed, failed, skipped.
    /// - Parameters:
    ///   - results: every case result of the run.
    ///   - target: the target's name, for the heading.
    /// - Returns: the table with a row per suite and one for all, then a line per failed case.
    public static func summary(_ results: [CaseResult], target: String) -> String {
        var lines = ["", "Summary for \(target)", "suite          passed  failed  skipped"]
        for suite in orderedSuites(results) {
            let cases = results.filter { $0.suite == suite }
            lines.append(row(suite, cases))
        }
        lines.append(row("all", results))
        for result in results {
            if case .failed(let why) = result.status { lines.append("FAILED \(result.id) (\(result.clause)): \(why)") }
        }
        return lines.joined(separator: "\n")
    }

    /// JUnit XML: a testsuite per suite, a testcase per case, skipped cases with their reason.
    /// - Parameters:
    ///   - results: every case result of the run.
    ///   - target: the target's name, for the testsuites name and each suite's `target` property.
    /// - Returns: the XML document, ending in a newline.
    public static func junit(_ results: [CaseResult], target: String) -> String {
        var xml = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"\(escape("trustbench \(target)"))\" tests=\"\(results.count)\" failures=\"\(failures(results))\" skipped=\"\(skips(results))\">",
        ]
        for suite in orderedSuites(results) {
            let cases = results.filter { $0.suite == suite }
            let time = cases.reduce(0) { $0 + $1.seconds }
            xml.append(
                "  <testsuite name=\"\(escape(suite))\" tests=\"\(cases.count)\" failures=\"\(failures(cases))\" errors=\"0\" skipped=\"\(skips(cases))\" time=\"\(String(format: "%.3f", time))\">"
            )
            xml.append("    <properties><property name=\"target\" value=\"\(escape(target))\"/></properties>")
            for result in cases {
                let open =
                    "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(result.id + " " + result.title))\" time=\"\(String(format: "%.3f", result.seconds))\""
                switch result.status {
                case .passed:
                    xml.append(open + "/>")
                case .failed(let why):
                    xml.append(open + ">")
                    xml.append(
                        "      <failure message=\"\(escape(why))\">\(escape(result.clause + ": " + why))</failure>")
                    xml.append("    </testcase>")
                case .skipped(let why):
                    xml.append(open + ">")
                    xml.append("      <skipped message=\"\(escape(why))\"/>")
                    xml.append("    </testcase>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    /// JSON: the target, totals, and every case with its status, reason, clause and time.
    /// - Parameters:
    ///   - results: every case result of the run.
    ///   - target: the target's name.
    /// - Returns: the pretty-printed JSON with sorted keys, as UTF-8.
    public static func json(_ results: [CaseResult], target: String) throws -> Data {
        struct Report: Encodable {
            struct Case: Encodable {
                let suite, id, title, clause, status: String
                let reason: String?
                let seconds: Double
            }
            let target: String
            let passed, failed, skipped: Int
            let cases: [Case]
        }
        let cases = results.map { result -> Report.Case in
            switch result.status {
            case .passed:
                return .init(
                    suite: result.suite, id: result.id, title: result.title, clause: result.clause, status: "passed",
                    reason: nil, seconds: result.seconds)
            case .failed(let why):
                return .init(
                    suite: result.suite, id: result.id, title: result.title, clause: result.clause, status: "failed",
                    reason: why, seconds: result.seconds)
            case .skipped(let why):
                return .init(
                    suite: result.suite, id: result.id, title: result.title, clause: result.clause, status: "skipped",
                    reason: why, seconds: result.seconds)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(
            Report(
                target: target, passed: count(results, .passed), failed: failures(results),
                skipped: skips(results), cases: cases))
    }

    private static func row(_ name: String, _ cases: [CaseResult]) -> String {
        name.padding(toLength: 14, withPad: " ", startingAt: 0)
            + String(format: " %6d  %6d  %7d", count(cases, .passed), failures(cases), skips(cases))
    }

    private static func orderedSuites(_ results: [CaseResult]) -> [String] {
        var seen: [String] = []
        for result in results where !seen.contains(result.suite) { seen.append(result.suite) }
        return seen
    }

    private static func count(_ results: [CaseResult], _ status: CaseResult.Status) -> Int {
        results.filter { $0.status == status }.count
    }
    private static func failures(_ results: [CaseResult]) -> Int {
        results.filter { if case .failed = $0.status { return true } else { return false } }.count
    }
    private static func skips(_ results: [CaseResult]) -> Int {
        results.filter { if case .skipped = $0.status { return true } else { return false } }.count
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
