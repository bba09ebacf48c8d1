import Foundation

/// Runs card suites against one card and collects what each case did, in the same results
/// (and so the same reports) as the TPM suites.
public struct CardRunner {
    public let target: CardTarget
    /// Cases that change the card for good run only when this is set (`--allow-destructive`).
    public let allowDestructive: Bool
    public let transcript: CardTranscript?
    /// Every exchange of the run, suite selection included, goes through it (and the transcript).
    let card: BenchCard

    /// A runner for `target`.
    /// - Parameters:
    ///   - target: the card the suites run against.
    ///   - allowDestructive: whether cases that block PINs or write data may run.
    ///   - transcript: where every APDU and answer is recorded; nil for nowhere.
    ///   - credentials: the card's PINs and keys, for the cases that need them.
    public init(
        target: CardTarget, allowDestructive: Bool = false, transcript: CardTranscript? = nil,
        credentials: CardCredentials = CardCredentials()
    ) {
        self.target = target
        self.allowDestructive = allowDestructive
        self.transcript = transcript
        card = BenchCard(target: target, transcript: transcript, credentials: credentials)
        transcript?.note(caseID: "", "target \(target.name), ATR \(CardTranscript.hex(target.atr))")
    }

    /// The suites `names` asks for on this card (CardSuites.select), the probes recorded.
    /// - Parameter names: `all` or a comma-separated list of suite names.
    /// - Returns: the suites to run, and for each suite left out the reason.
    public func suites(_ names: String) throws -> (run: [CardSuite], leftOut: [(suite: String, reason: String)]) {
        card.caseID = "select-suites"
        return try CardSuites.select(names, for: card)
    }

    /// Runs every case of `suites` in order; `progress` hears each result as it comes.
    /// - Parameters:
    ///   - suites: the suites to run, in order.
    ///   - progress: called after each case with its result, the number of cases finished so far
    ///     and the total number of cases.
    /// - Returns: every case's result, in the order run.
    public func run(_ suites: [CardSuite], progress: (CaseResult, Int, Int) -> Void = { _, _, _ in }) -> [CaseResult] {
        let total = suites.reduce(0) { $0 + $1.cases.count }
        var results: [CaseResult] = []
        // Once the card is gone every later case would fail the same way: they are not run,
        // and say where the card was lost.
        var lostAt: String?
        for suite in suites {
            for benchCase in suite.cases {
                let result =
                    lostAt.map {
                        CaseResult(
                            suite: suite.name, id: benchCase.id, title: benchCase.title, clause: benchCase.clause,
                            status: .skipped("not run: the card stopped answering during \($0)"), seconds: 0)
                    } ?? run(benchCase, in: suite, card: card)
                if lostAt == nil, card.lost { lostAt = benchCase.id }
                results.append(result)
                progress(result, results.count, total)
            }
        }
        return results
    }

    private func run(_ benchCase: CardCase, in suite: CardSuite, card: BenchCard) -> CaseResult {
        let start = Date()
        func result(_ status: CaseResult.Status) -> CaseResult {
            CaseResult(
                suite: suite.name, id: benchCase.id, title: benchCase.title, clause: benchCase.clause,
                status: status, seconds: Date().timeIntervalSince(start))
        }
        if benchCase.needs.contains(.destructive) && !allowDestructive {
            return result(.skipped("it changes the card for good; pass --allow-destructive on a card you may spoil"))
        }
        if benchCase.needs.contains(.powerCycle) && target.powerCycle == nil {
            return result(.skipped("\(target.name) cannot be power-cycled by the bench"))
        }
        card.caseID = benchCase.id
        let context = CardCaseContext(card: card)
        return result(
            CaseResult.Status {
                // A case's exchanges, its clean-up included, are the bench's alone: no other
                // program between a command and its GET RESPONSE. Each starts from the MF on the
                // basic channel, whatever the last case left, and then in its suite's application.
                do {
                    try target.exclusively {
                        defer { context.runCleanups() }
                        card.application = suite.application
                        try card.selectStart()
                        try benchCase.body(context)
                    }
                } catch let lost as CardLost {
                    card.markLost()
                    throw lost
                }
            })
    }
}
