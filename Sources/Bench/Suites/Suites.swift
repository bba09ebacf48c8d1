/// The suites `trustbench run --suite` knows, in the order `all` runs them.
public enum Suites {
    public static let all: [BenchSuite] = [AttestationSuite.suite, KeyStorageSuite.suite, AlgorithmsSuite.suite]

    /// `all`, or a comma-separated list of suite names.
    /// - Parameter names: the `--suite` value.
    /// - Returns: the suites named, in the order given; all of them, in order, for `all`.
    public static func select(_ names: String) throws -> [BenchSuite] {
        if names == "all" { return all }
        let listed = names.split(separator: ",")
        guard !listed.isEmpty else {
            throw BenchError("--suite names no suite; choose all or any of: \(all.map(\.name).joined(separator: ", "))")
        }
        var seen = Set<Substring>()
        return try listed.filter { seen.insert($0).inserted }.map { name in
            guard let suite = all.first(where: { $0.name == name }) else {
                throw BenchError("no suite \(name); choose all or any of: \(all.map(\.name).joined(separator: ", "))")
            }
            return suite
        }
    }
}
