/// The card suites `trustbench run --suite` knows, in the order `all` runs them.
public enum CardSuites {
    public static let all: [CardSuite] = [ISO7816Suite.suite, PIVSuite.suite]

    /// The names of the card suites, for messages.
    public static var names: [String] { all.map(\.name) }

    /// Whether `names` (a `--suite` value) names only card suites, or `all`.
    /// - Parameter names: the `--suite` value.
    /// - Returns: true when every name is a card suite's.
    public static func names(_ names: String) -> Bool {
        let listed = names.split(separator: ",")
        return names == "all" || (!listed.isEmpty && listed.allSatisfy { name in all.contains { $0.name == name } })
    }

    /// The suites to run on `card`: those `names` lists, or for `all` every suite whose
    /// application the card answers SELECT for (the card OS suite always).
    /// - Parameters:
    ///   - names: `all` or a comma-separated list of suite names.
    ///   - card: the card, asked (through the run's transcript) which applications it has.
    /// - Returns: the suites to run, and for each suite left out the reason.
    static func select(_ names: String, for card: BenchCard) throws -> (
        run: [CardSuite], leftOut: [(suite: String, reason: String)]
    ) {
        if names != "all" {
            var seen = Set<Substring>()
            let chosen = try names.split(separator: ",").filter { seen.insert($0).inserted }.map { name in
                guard let suite = all.first(where: { $0.name == name }) else {
                    throw BenchError(
                        "no card suite \(name); choose all or any of: \(CardSuites.names.joined(separator: ", "))")
                }
                return suite
            }
            return (chosen, [])
        }
        var run: [CardSuite] = []
        var leftOut: [(String, String)] = []
        for suite in all {
            guard let aid = suite.application else {
                run.append(suite)
                continue
            }
            let answer = try card.send(CardCommand(ins: 0xA4, p1: 0x04, data: aid, ne: 256))
            if answer.sw == 0x9000 || answer.sw1 == 0x61 {
                run.append(suite)
            } else {
                leftOut.append(
                    (
                        suite.name,
                        "the card has no \(suite.name) application (SELECT answered \(answer.status))"
                    ))
            }
        }
        return (run, leftOut)
    }
}
